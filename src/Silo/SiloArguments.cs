namespace Lad.Silo;

/// <summary>Reads <c>--config &lt;file&gt;</c> (or <c>--config=&lt;file&gt;</c>) and <c>--check-config</c> from the command line.</summary>
internal static class SiloArguments
{
    private const string ConfigOption = "--config";
    private const string CheckOption = "--check-config";
    private const string DemoOption = "--demo";

    // --check-config validates the file, prints the effective settings and exits instead of starting the silo.
    public static bool CheckOnly(string[] args) => args.Contains(CheckOption, StringComparer.Ordinal);

    // --demo runs the silo on lad demo's synthetic log with a configuration of its own.
    public static bool Demo(string[] args) => args.Contains(DemoOption, StringComparer.Ordinal);

    public static string[] WithoutDemo(string[] args) => [.. args.Where(a => a != DemoOption)];

    public static string? ConfigPath(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == ConfigOption)
            {
                return i + 1 < args.Length ? args[i + 1] : "";
            }

            if (args[i].StartsWith(ConfigOption + "=", StringComparison.Ordinal))
            {
                return args[i][(ConfigOption.Length + 1)..];
            }
        }

        return null;
    }

    // The host builder reads the remaining arguments as configuration overrides (e.g. --Logging:LogLevel:Default=Debug).
    public static string[] WithoutConfig(string[] args)
    {
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == ConfigOption)
            {
                i++;
            }
            else if (!args[i].StartsWith(ConfigOption + "=", StringComparison.Ordinal))
            {
                rest.Add(args[i]);
            }
        }

        return [.. rest];
    }
}
