using Lad.Engine.Model;
using Lad.Engine.Parse;
using Lad.Engine.Source;
using Lad.Engine.Volume;
using Lad.Grains.Abstractions.Configuration;
using Lad.Grains.Abstractions.Detection;
using Lad.Grains.Abstractions.Feedback;
using Lad.Grains.Source;
using Microsoft.Extensions.Logging;
using MongoDB.Bson;

namespace Lad.Grains.Detection;

/// <summary>Trains one host's model from its recent history; runs on the thread pool, never on a grain's scheduler.</summary>
internal static partial class HostTrainer
{
    // No id above the boundary is read (polling scores those); ids read above the window floor are returned so the
    // first poll counts them as handled. The history goes to a file as the cursor reads it and is trained from there,
    // so memory holds what the model learns and one block of the file, not the history (see HistorySpill).
    public static async Task<TrainedModel> TrainAsync(
        DetectorServices services, TrainingGate gate, HostKey host, SessionKeyPattern? sessions, DateTime now, ObjectId boundary,
        ObjectId windowFloor, ILogger log, CancellationToken cancellationToken)
    {
        using var slot = await gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        var config = services.Config;
        using var lines = new HistorySpill(host.Hostname);
        var idTimes = new IdTimeSpread();
        // Keyed by session as live lines are, so the model learns how this host's sessions run and end.
        var history = await services.Source.ReadTrainingSetAsync(
            host.Collection, host.Hostname, config.TrainTimeSpan, config.TrainMaxEntries, now, boundary, windowFloor,
            record =>
            {
                if (record.Id.IsObjectId)
                {
                    idTimes.Add(record.Id.AsObjectId.CreationTime);
                }

                lines.AddNewestFirst(record.Time, sessions?.Assign(record.Record) ?? record.Record);
            },
            cancellationToken).ConfigureAwait(false);
        if (lines.HistoryCount == 0)
        {
            throw new EmptyHistoryException(
                $"no usable documents for host '{host.Hostname}' in '{host.Collection}' over the last {DurationText.Of(config.TrainTimeSpan)} (TRAIN_TIME_SPAN)");
        }

        if (BulkImportCheck.Warning(idTimes, config.TimeField is not null, config.TrainTimeSpan) is { } bulkImport)
        {
            LogBulkImport(log, host, bulkImport);
        }

        // False positives people flagged are normal for the host by definition, so the model learns them. A value-scope
        // one is not: it says one value is normal, not the whole line, and learning it would widen the parameter's range
        // to it (the detector's stream is told to give that value no evidence instead).
        var feedback = (await services.Feedback.FalsePositivesAsync(host, now, cancellationToken).ConfigureAwait(false))
            .Where(f => f.Scope != FeedbackScope.Value);
        foreach (var line in feedback.Select(f => new LogRecord(f.Message, null, host.Hostname)))
        {
            lines.Append(sessions?.Assign(line) ?? line);
        }

        lines.Seal();
        // True positives are what the host's threshold is for: the trainer keeps it below their scores.
        var confirmed = (await services.Feedback.TruePositivesAsync(host, cancellationToken).ConfigureAwait(false))
            .Select(f => new LogRecord(f.Message, null, host.Hostname))
            .ToList();
        var model = ModelCatalog.CreateTrainer(services.Options).Train(lines, confirmed, cancellationToken);
        using var buffer = new MemoryStream();
        ModelCatalog.Save(model, buffer);
        return new TrainedModel(
            model, buffer.ToArray(), boundary, history.IdsAbove, history.TimedAbove, lines.Count, model.TemplatesLearned ?? CountTemplates(lines, cancellationToken),
            VolumeOf(lines, config, model as ITemplateMatcher));
    }

    // Rates come from the history's own times (the time field, else the ids'), so a bulk import dated by its ObjectIds
    // teaches one burst; the README says to set MG_TIME_FIELD for such stores. The store reads the history in time order,
    // so it is counted from the file; only if some time was out of order (a time field beyond DateTime's range falls
    // back to the id's time) are the times and messages sorted in memory.
    // A model with a template miner of its own (the default model) lends it to the volume profile, so the host keeps one
    // miner, not two trained on the same lines; the profile is then loaded with that model.
    private static byte[]? VolumeOf(HistorySpill lines, LadConfig config, ITemplateMatcher? modelTemplates)
    {
        if (config.VolumeInterval <= TimeSpan.Zero)
        {
            return null;
        }

        var options = new VolumeOptions(config.VolumeInterval);
        var profile = (lines.InTimeOrder, modelTemplates) switch
        {
            (true, { } templates) => VolumeProfileTrainer.Train(lines.ReadHistoryTimes, options, templates),
            (false, { } templates) => VolumeProfileTrainer.Train(lines.ReadHistoryTimes(), options, templates),
            (true, null) => VolumeProfileTrainer.Train(lines.ReadHistoryTimes, options),
            (false, null) => VolumeProfileTrainer.Train(lines.ReadHistoryTimes(), options),
        };
        using var buffer = new MemoryStream();
        profile.Save(buffer);
        return buffer.ToArray();
    }

    // Reported in the status for every model kind: a model whose miner learned the history says it, the others are mined
    // here.
    private static int CountTemplates(HistorySource lines, CancellationToken cancellationToken)
    {
        var miner = new TemplateMiner();
        foreach (var line in lines.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            miner.Learn(line.Message);
        }

        return miner.TemplateCount;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host {Host}: {Warning}")]
    private static partial void LogBulkImport(ILogger log, HostKey host, string warning);
}
