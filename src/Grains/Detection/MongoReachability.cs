using Lad.Grains.Abstractions;
using Lad.Grains.Retry;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Lad.Grains.Detection;

/// <summary>Says whether the silo's MongoDB answers, naming it by host and port, so that a user whose MongoDB is down
/// reads "MongoDB at host:port unreachable" rather than a bare timeout.</summary>
public sealed class MongoReachability
{
    private readonly IMongoDatabase _database;

    /// <summary>Checks the server(s) of <paramref name="client"/> through <paramref name="database"/>.</summary>
    /// <param name="client">The silo's MongoDB client.</param>
    /// <param name="database">A database of that client (the ping needs one; any will do).</param>
    public MongoReachability(IMongoClient client, IMongoDatabase database)
    {
        _database = database;
        Servers = string.Join(",", client.Settings.Servers.Select(s => $"{s.Host}:{s.Port}"));
    }

    /// <summary>The configured servers, as <c>host:port[,host:port...]</c>.</summary>
    public string Servers { get; }

    /// <summary>Pings MongoDB; returns null when it answered within <paramref name="timeout"/>, else what went wrong.</summary>
    /// <param name="timeout">How long to wait for the answer.</param>
    /// <param name="cancellationToken">Cancels the ping.</param>
    public async Task<string?> PingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: limit.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"MongoDB at {Servers} unreachable (no answer to a ping within {timeout.TotalSeconds:0.#} s)";
        }
        catch (Exception e) when (e is MongoException or TimeoutException)
        {
            return Describe(e);
        }
    }

    /// <summary>A failure's text, naming MongoDB with its host and port when the failure came from talking to it.</summary>
    /// <param name="error">What an operation threw.</param>
    public string Describe(Exception error)
    {
        var first = FirstLine(error);
        return error switch
        {
            // A deadline cannot tell a server gone quiet from one too busy to answer (a silo starting thousands of
            // hosts can keep it so), so the text names both.
            StepDeadlineExceededException => $"MongoDB at {Servers} unreachable or too slow ({first})",
            MongoConnectionException or MongoAuthenticationException or TimeoutException
                => $"MongoDB at {Servers} unreachable ({error.GetType().Name}: {first})",
            MongoException => $"MongoDB at {Servers} failed ({error.GetType().Name}: {first})",
            _ => $"{error.GetType().Name}: {first}",
        };
    }

    /// <summary>
    /// As <see cref="Describe"/> for a failure that came while MongoDB answered a ping: a timeout then was not MongoDB's
    /// (a grain call's, say), so it is not called unreachable.
    /// </summary>
    /// <param name="error">What an operation threw.</param>
    public string DescribeWhileAnswering(Exception error) =>
        error is TimeoutException ? $"{error.GetType().Name} while MongoDB answers: {FirstLine(error)}" : Describe(error);

    private static string FirstLine(Exception error) => ErrorText.Brief(error.Message);
}
