namespace Lad.Silo.Web;

/// <summary>Settings the endpoint groups read when they are mapped.</summary>
/// <param name="MetricsAuth">Whether <c>/metrics</c> needs a read token (<c>METRICS_AUTH</c>).</param>
internal sealed record WebSecuritySettings(bool MetricsAuth);
