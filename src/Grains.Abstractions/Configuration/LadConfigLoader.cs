using Lad.Engine.Source;
using System.Collections;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lad.Grains.Abstractions.Configuration;

/// <summary>Reads LAD's YAML configuration, applies <c>LAD_&lt;NAME&gt;</c> environment overrides (scalar keys only;
/// <c>LOG_SOURCES</c> comes from YAML) and validates it.</summary>
/// <remarks>The environment is passed in as a dictionary so callers (and tests) decide what it holds;
/// <see cref="ProcessEnvironment"/> gives the real one. Every problem is collected before failing, so one run
/// shows the whole list.</remarks>
public static class LadConfigLoader
{
    /// <summary>Prefix of the environment variables that override scalar keys.</summary>
    public const string EnvironmentPrefix = "LAD_";

    private const string SourcesKey = "LOG_SOURCES";

    // LAD_* variables that are not settings: read by lad-silo and lad themselves, or by the test suites.
    private static readonly HashSet<string> OtherVariables = new(StringComparer.Ordinal)
    {
        "LAD_CONFIG", "LAD_GATEWAY", "LAD_DATASETS", "LAD_TEST_MONGODB_URI",
    };
    private const string HostnamesKey = "HOSTNAMES";
    private const string TargetCollectionKey = "MG_TARGET_COL";
    private const string SessionRegexKey = "SESSION_REGEX";
    private const string MySqlTargetTableKey = "MYSQL_TARGET_TABLE";
    private static readonly string[] SingleSourceKeys = ["MG_INPUT_COL", TargetCollectionKey, "LOGSOURCE_HOSTNAME", "MYSQL_INPUT_TABLE"];

    /// <summary>Loads and validates a YAML file.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="environment">Environment variables (see <see cref="ProcessEnvironment"/>).</param>
    /// <exception cref="LadConfigException">The file is missing, unreadable or invalid.</exception>
    public static LadConfig LoadFile(string path, IReadOnlyDictionary<string, string> environment)
    {
        string yaml;
        try
        {
            yaml = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LadConfigException(path, [new ConfigError("(file)", $"cannot read the file: {e.Message}")]);
        }

        return Load(yaml, environment, path);
    }

    /// <summary>Loads and validates YAML text.</summary>
    /// <param name="yaml">The YAML document.</param>
    /// <param name="environment">Environment variables (see <see cref="ProcessEnvironment"/>).</param>
    /// <param name="origin">Names the configuration in error messages.</param>
    /// <exception cref="LadConfigException">The configuration is invalid.</exception>
    public static LadConfig Load(string yaml, IReadOnlyDictionary<string, string> environment, string origin = "(text)")
    {
        var errors = new List<ConfigError>();
        var values = SettingCatalog.All.ToDictionary(d => d.Name, d => d.Default, StringComparer.Ordinal);
        var root = ParseRoot(yaml, errors);
        if (errors.Count > 0)
        {
            // Checking the rest of an unparsable file would only list consequences of the syntax error.
            throw new LadConfigException(origin, errors);
        }

        YamlNode? sourcesNode = null;
        var fromFile = new SettingAssignments();
        foreach (var (keyNode, valueNode) in root?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            var key = ((keyNode as YamlScalarNode)?.Value) ?? "";
            if (key == SourcesKey)
            {
                sourcesNode = valueNode;
            }
            else if (!TryResolve(key, out var definition))
            {
                errors.Add(new ConfigError(key, UnknownKeyMessage(key, KnownKeys()), LineOf(keyNode)));
            }
            else if (valueNode is not YamlScalarNode scalar)
            {
                errors.Add(new ConfigError(key, "expected a single value, got a list or mapping", LineOf(valueNode)));
            }
            else if (!IsNull(scalar))
            {
                SetValue(values, fromFile, definition, key, scalar.Value ?? "", key, LineOf(scalar), errors);
            }
        }

        var fromEnvironment = new SettingAssignments();
        foreach (var (variable, key) in SettingCatalog.All.Select(d => (d.EnvironmentVariable, d.Name))
                     .Concat(SettingAlias.All.Select(a => (a.EnvironmentVariable, a.Name))))
        {
            // An empty variable means "not set", as deployment tools often export every variable they know.
            if (environment.TryGetValue(variable, out var raw) && raw.Length > 0 && TryResolve(key, out var definition))
            {
                SetValue(values, fromEnvironment, definition, variable, raw, variable + " (environment)", null, errors);
            }
        }

        string KeyOf(string setting) => fromEnvironment.KeyOf(setting) ?? fromFile.KeyOf(setting) ?? setting;

        // The fork's single-database files (MG_DB) keep anomalies beside the logs unless MG_TARGET_DB says otherwise.
        if (KeyOf("MG_INPUT_DB") is "MG_DB" or "LAD_MG_DB"
            && fromFile.KeyOf("MG_TARGET_DB") is null && fromEnvironment.KeyOf("MG_TARGET_DB") is null)
        {
            values["MG_TARGET_DB"] = values["MG_INPUT_DB"];
        }

        // A MySQL file (the fork's mysql.yaml) names no MongoDB, yet LAD keeps its own state there: models, reading
        // positions, incidents, feedback. It goes to a database of its own rather than failing on a key the file never had.
        var stateNotice = new List<string>();
        if ((MySqlRules.Reads(values) || MySqlRules.Writes(values)) && values["MG_TARGET_DB"] is not string { Length: > 0 })
        {
            values["MG_TARGET_DB"] = MySqlRules.DefaultStateDatabase;
            stateNotice.Add($"MG_TARGET_DB: not set; LAD keeps its own state (models, reading positions, incidents, feedback, dead letters) "
                            + $"in MongoDB database '{MySqlRules.DefaultStateDatabase}' at {MongoAddress(values)} (MG_URI or MG_HOST/MG_PORT): "
                            + "MySQL holds only the logs and the anomaly rows");
        }

        var sources = sourcesNode is null ? SeedSingleSource(values) : ParseSources(sourcesNode, errors);
        ConfigRules.Check(values, sources, KeyOf, errors);
        if (errors.Count > 0)
        {
            throw new LadConfigException(origin, errors);
        }

        var unused = fromFile.Keys.Concat(fromEnvironment.Keys)
            .Select(key => key.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) ? key[EnvironmentPrefix.Length..] : key)
            .Distinct(StringComparer.Ordinal)
            .Select(key => SettingCatalog.TryGet(key, out var d) ? d : null)
            .OfType<SettingDefinition>()
            .Where(d => d.Unused is not null && !UsedByMySql(d.Name, values) && !UsedByLocalFiles(d.Name, values))
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .Select(d => $"{d.Name}: accepted but not used by LAD ({d.Unused})");
        // The single-source keys name a source only when LOG_SOURCES does not.
        var shadowed = sourcesNode is null
            ? []
            : SingleSourceKeys.Where(k => fromFile.KeyOf(k) is not null || fromEnvironment.KeyOf(k) is not null)
                .Select(k => $"{KeyOf(k)}: accepted but not used by LAD (LOG_SOURCES names the collections and hosts)");
        var writtenKeys = SettingCatalog.All.ToDictionary(d => d.Name, d => KeyOf(d.Name), StringComparer.Ordinal);
        return new LadConfig(values, sources, UnknownVariables(environment).Concat(unused).Concat(shadowed).Concat(stateNotice).ToList(), writtenKeys);
    }

    // The MySQL keys are used when their side of the storage is MySQL.
    private static bool UsedByMySql(string key, Dictionary<string, object?> values) =>
        (key.StartsWith("MYSQL_INPUT_", StringComparison.Ordinal) && MySqlRules.Reads(values))
        || (key.StartsWith("MYSQL_TARGET_", StringComparison.Ordinal) && MySqlRules.Writes(values));

    // The seed's file keys drive the database-free daemon (STORAGE_DATASOURCE: local) and nothing else.
    private static bool UsedByLocalFiles(string key, IReadOnlyDictionary<string, object?> values) =>
        LocalFileRules.Applies(values) && key is "LS_INPUT_PATH" or "MODEL_DIR"
        || (key == "LS_OUTPUT_PATH" && LocalFileRules.Applies(values) && values["STORAGE_DATASINK"] as string == LocalFileRules.FileSink);

    private static bool TryResolve(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SettingDefinition? definition)
    {
        if (SettingAlias.TryGet(key, out var alias))
        {
            key = alias.Target;
        }

        return SettingCatalog.TryGet(key, out definition);
    }

    private static IEnumerable<string> KnownKeys() =>
        SettingCatalog.All.Select(d => d.Name).Concat(SettingAlias.All.Select(a => a.Name)).Append(SourcesKey);

    // An unknown LAD_* variable is most likely a misspelt setting: it would otherwise be ignored without a word.
    private static List<string> UnknownVariables(IReadOnlyDictionary<string, string> environment)
    {
        var known = SettingCatalog.All.Select(d => d.EnvironmentVariable)
            .Concat(SettingAlias.All.Select(a => a.EnvironmentVariable))
            .ToHashSet(StringComparer.Ordinal);
        return environment.Keys
            .Where(name => name.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) && !known.Contains(name) && !OtherVariables.Contains(name))
            .Order(StringComparer.Ordinal)
            .Select(name => KeySuggester.Suggest(name, known.Concat(OtherVariables)) is { } suggestion
                ? $"{name}: unknown variable, ignored (did you mean {suggestion}?)"
                : $"{name}: unknown variable, ignored (settings are LAD_<KEY> for a key of the YAML)")
            .ToList();
    }

    /// <summary>The current process's environment variables.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);

    private static YamlMappingNode? ParseRoot(string yaml, List<ConfigError> errors)
    {
        if (YamlText.Load(yaml, out var syntaxError) is not { } stream)
        {
            errors.Add(syntaxError!);
            return null;
        }

        if (stream.Documents.Count == 0 || IsNullNode(stream.Documents[0].RootNode))
        {
            return null;
        }

        if (stream.Documents[0].RootNode is YamlMappingNode mapping)
        {
            return mapping;
        }

        errors.Add(new ConfigError(YamlText.ErrorKey, "the document must be a mapping of KEY: value", LineOf(stream.Documents[0].RootNode)));
        return null;
    }

    private static void SetValue(
        Dictionary<string, object?> values, SettingAssignments assignments, SettingDefinition definition, string key, string raw,
        string where, int? line, List<ConfigError> errors)
    {
        if (SettingValueParser.TryParse(definition, raw, out var value, out var problem))
        {
            values[definition.Name] = value;
            if (assignments.Record(definition.Name, key, value, line) is { } conflict)
            {
                errors.Add(conflict);
            }
        }
        else
        {
            errors.Add(new ConfigError(where, problem!, line));
        }
    }

    // The seed's single-source files name one collection and one host with scalar keys instead of LOG_SOURCES.
    private static string MongoAddress(Dictionary<string, object?> values) =>
        values["MG_URI"] is string { Length: > 0 } uri ? ConnectionStringRedactor.Redact(uri) : $"{values["MG_HOST"]}:{values["MG_PORT"]}";

    // The fork's single-host MySQL file names its table with MYSQL_INPUT_TABLE, as its MongoDB one does with MG_COLLECTION.
    private static List<LogSourceConfig> SeedSingleSource(Dictionary<string, object?> values) =>
        (MySqlRules.Reads(values) ? values["MYSQL_INPUT_TABLE"] : values["MG_INPUT_COL"]) is string { Length: > 0 } collection
            ? [new LogSourceConfig(collection, [(string)values["LOGSOURCE_HOSTNAME"]!], TargetOrDefault(collection, (string?)values[TargetCollectionKey]))]
            : [];

    // The fork's last files name no anomaly collection: it flagged the log documents in place. LAD never writes into
    // the logs, so such a source's anomalies go to a collection named after it.
    private static string TargetOrDefault(string collection, string? target) =>
        string.IsNullOrEmpty(target) ? collection + "_anomalies" : target;

    private static List<LogSourceConfig> ParseSources(YamlNode node, List<ConfigError> errors)
    {
        var sources = new List<LogSourceConfig>();
        if (IsNullNode(node))
        {
            return sources;
        }

        if (node is not YamlMappingNode mapping)
        {
            errors.Add(new ConfigError(SourcesKey, "expected a mapping of collection name to HOSTNAMES and MG_TARGET_COL", LineOf(node)));
            return sources;
        }

        foreach (var (nameNode, bodyNode) in mapping.Children)
        {
            var name = (nameNode as YamlScalarNode)?.Value ?? "";
            var where = $"{SourcesKey}.{name}";
            if (name.Length == 0)
            {
                errors.Add(new ConfigError(SourcesKey, "a source needs a collection name", LineOf(nameNode)));
                continue;
            }

            if (bodyNode is not YamlMappingNode body)
            {
                errors.Add(new ConfigError(where, "expected HOSTNAMES and MG_TARGET_COL under the source", LineOf(bodyNode)));
                continue;
            }

            sources.Add(ParseSource(name, where, body, errors));
        }

        return sources;
    }

    private static LogSourceConfig ParseSource(string name, string where, YamlMappingNode body, List<ConfigError> errors)
    {
        var hostnames = new List<string>();
        var target = "";
        string? sessionRegex = null;
        string? mySqlTable = null;
        foreach (var (keyNode, valueNode) in body.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            switch (key)
            {
                case HostnamesKey:
                    hostnames = ParseHostnames($"{where}.{HostnamesKey}", valueNode, errors);
                    break;
                case TargetCollectionKey when valueNode is YamlScalarNode scalar && !IsNull(scalar):
                    target = scalar.Value ?? "";
                    break;
                case TargetCollectionKey:
                    errors.Add(new ConfigError($"{where}.{TargetCollectionKey}", "expected a collection name", LineOf(valueNode)));
                    break;
                case SessionRegexKey:
                    sessionRegex = ParseSessionRegex($"{where}.{SessionRegexKey}", valueNode, errors);
                    break;
                case MySqlTargetTableKey when valueNode is YamlScalarNode scalar && !IsNull(scalar):
                    mySqlTable = scalar.Value;
                    break;
                case MySqlTargetTableKey:
                    errors.Add(new ConfigError($"{where}.{MySqlTargetTableKey}", "expected a table name", LineOf(valueNode)));
                    break;
                default:
                    errors.Add(new ConfigError(
                        $"{where}.{key}",
                        UnknownKeyMessage(key, [HostnamesKey, TargetCollectionKey, SessionRegexKey, MySqlTargetTableKey]),
                        LineOf(keyNode)));
                    break;
            }
        }

        return new LogSourceConfig(name, hostnames, TargetOrDefault(name, target), sessionRegex, mySqlTable);
    }

    private static string? ParseSessionRegex(string where, YamlNode node, List<ConfigError> errors)
    {
        if (node is not YamlScalarNode scalar || IsNull(scalar))
        {
            errors.Add(new ConfigError(where, "expected a regular expression whose first match in a message is its session key", LineOf(node)));
            return null;
        }

        if (!SessionKeyPattern.TryCreate(scalar.Value ?? "", out _, out var problem))
        {
            errors.Add(new ConfigError(where, problem!, LineOf(node)));
            return null;
        }

        return scalar.Value;
    }

    private static List<string> ParseHostnames(string where, YamlNode node, List<ConfigError> errors)
    {
        var hostnames = new List<string>();
        var items = node switch
        {
            YamlSequenceNode sequence => sequence.Children.ToList(),
            YamlScalarNode scalar when !IsNull(scalar) => [scalar],
            _ => [],
        };
        foreach (var item in items)
        {
            if (item is not YamlScalarNode { Value.Length: > 0 } scalar || IsNull(scalar))
            {
                errors.Add(new ConfigError(where, "each host name must be non-empty text", LineOf(item)));
            }
            else if (hostnames.Contains(scalar.Value!, StringComparer.Ordinal))
            {
                errors.Add(new ConfigError(where, $"host '{scalar.Value}' is listed twice", LineOf(item)));
            }
            else
            {
                hostnames.Add(scalar.Value!);
            }
        }

        return hostnames;
    }

    private static string UnknownKeyMessage(string key, IEnumerable<string> known) =>
        KeySuggester.Suggest(key, known) is { } suggestion ? $"unknown key (did you mean {suggestion}?)" : "unknown key";

    private static bool IsNullNode(YamlNode node) => node is YamlScalarNode scalar && IsNull(scalar);

    // Only unquoted empty/~/null mean "no value"; a quoted "null" is the text null.
    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style is ScalarStyle.Plain or ScalarStyle.Any
        && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static int LineOf(YamlNode node) => ToLine(node.Start);

    private static int ToLine(Mark mark) => (int)mark.Line;
}
