using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lad.Grains.Abstractions.Configuration;

/// <summary>Reads a configuration file's YAML, turning any way the parser refuses it into one <see cref="ConfigError"/>
/// on the line where the parser stopped.</summary>
/// <remarks>A problem found while scanning is reported on the scanner's line, where it found it: the marks of
/// YamlDotNet's scanning errors name where the construct it was reading began (line 1 for a tab that indents line 5,
/// since the mapping began there). Some
/// malformed inputs make the parser fail without a YAML error at all (an unclosed <c>[</c> or <c>{</c> before a
/// <c>key: value</c> line ends in an <see cref="InvalidOperationException"/> from its scanner, a known YamlDotNet bug);
/// they are reported the same way instead of escaping as a crash.</remarks>
internal static class YamlText
{
    /// <summary>The key the errors of this reading carry.</summary>
    public const string ErrorKey = "(yaml)";

    /// <summary>Parses <paramref name="yaml"/>; null, with <paramref name="error"/> set, when the parser refuses it.</summary>
    public static YamlStream? Load(string yaml, out ConfigError? error)
    {
        var scanner = new Scanner(new StringReader(yaml));
        var stream = new YamlStream();
        try
        {
            stream.Load(new Parser(scanner));
            error = null;
            return stream;
        }
        catch (YamlException e) when (e is SyntaxErrorException or SemanticErrorException)
        {
            // Refused while reading the text: found where the scanner stands.
            var found = (int)scanner.CurrentPosition.Line;
            var began = (int)e.Start.Line;
            var message = (e.InnerException?.Message ?? e.Message).TrimEnd('.');
            error = new ConfigError(ErrorKey, began < found ? $"{message} (what it was reading began on line {began})" : message, found);
            return null;
        }
        catch (YamlException e)
        {
            // Refused once read (a duplicate key): the scanner has read ahead, and the error's mark is the node's.
            error = new ConfigError(ErrorKey, e.InnerException?.Message ?? e.Message, (int)e.Start.Line);
            return null;
        }
        catch (Exception e) when (e.Source == typeof(YamlStream).Assembly.GetName().Name)
        {
            error = new ConfigError(ErrorKey,
                $"the YAML parser stopped here without saying why ({e.GetType().Name}: {e.Message}); a '[' or '{{' left open on an earlier line is a common cause",
                (int)scanner.CurrentPosition.Line);
            return null;
        }
    }
}
