namespace Lad.Grains.Abstractions.Security;

/// <summary>The least role a caller from outside the cluster (the <c>lad</c> console, any Orleans client) needs to call
/// this grain method; methods of LAD's grain interfaces without it need <see cref="LadRole.Admin"/>.</summary>
/// <param name="role">The least role.</param>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class RequiresRoleAttribute(LadRole role) : Attribute
{
    /// <summary>The least role.</summary>
    public LadRole Role { get; } = role;
}
