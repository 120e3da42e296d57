using System.Text.Json;
using Lad.Engine.Parse;

namespace Lad.Engine.Volume;

/// <summary>What a host's history showed of its rates: lines per interval per template (per time slot where history
/// covers enough), how often never-seen templates turned up, and its longest silence.</summary>
/// <remarks>It counts by the templates of a matcher: a model's own (<see cref="ITemplateMatcher"/>), so the host keeps
/// one miner, or, for a model without one, a miner of its own that it saves with its figures; either way the templates
/// it counts are the same in training and live. Learned with <see cref="VolumeProfileTrainer"/>.</remarks>
public sealed class VolumeProfile
{
    private readonly Dictionary<int, TemplateRate> _rates;
    private readonly ITemplateMatcher _templates;
    private readonly TemplateMiner? _ownMiner;

    internal VolumeProfile(
        VolumeOptions options, ITemplateMatcher templates, TemplateMiner? ownMiner, Dictionary<int, TemplateRate> rates, VolumeHistory history)
    {
        Options = options;
        _templates = templates;
        _ownMiner = ownMiner;
        _rates = rates;
        History = history;
    }

    /// <summary>The interval rates are counted over.</summary>
    public VolumeOptions Options { get; }

    /// <summary>What the history covered, as a whole.</summary>
    public VolumeHistory History { get; }

    /// <summary>Whether history covered enough intervals to report anything.</summary>
    public bool Enabled => History.Intervals >= VolumeOptions.MinIntervals;

    /// <summary>The learned rates, by template id (<see cref="TemplateIdOf"/>).</summary>
    public IReadOnlyDictionary<int, TemplateRate> Rates => _rates;

    /// <summary>Whether the profile counts by a model's templates (and is saved without a miner of its own).</summary>
    public bool CountsByModelTemplates => _ownMiner is null;

    /// <summary>The id of the template <paramref name="message"/> belongs to, as the profile counts templates; 0 for none.</summary>
    /// <param name="message">A log message.</param>
    public int TemplateIdOf(string message) => _templates.TemplateIdOf(message);

    /// <summary>The time slot <paramref name="time"/> falls in, under <see cref="VolumeHistory.Slots"/>; 0 without slots.</summary>
    /// <param name="time">A time (UTC).</param>
    public int SlotOf(DateTime time) => History.Slots switch
    {
        RateSlots.HourOfDay => time.Hour,
        RateSlots.WeekPartHour => (time.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 24 : 0) + time.Hour,
        _ => 0,
    };

    /// <summary>The most lines of <paramref name="rate"/>'s template history showed in one interval of
    /// <paramref name="time"/>'s slot.</summary>
    /// <param name="rate">A learned rate.</param>
    /// <param name="time">The interval's start.</param>
    public int UsualMax(TemplateRate rate, DateTime time) =>
        rate.MaxPerSlot.Count > 0 ? rate.MaxPerSlot[SlotOf(time)] : rate.MaxPerInterval;

    /// <summary>Writes the profile: its figures as JSON, then its own miner if it has one (a profile counting by a model's
    /// templates is loaded with that model).</summary>
    /// <param name="destination">Where to write.</param>
    public void Save(Stream destination)
    {
        var figures = new SavedFigures(
            Options.Interval.Ticks, History, [.. _rates.Select(r => new SavedRate(r.Key, r.Value))], CountsByModelTemplates);
        var json = JsonSerializer.SerializeToUtf8Bytes(figures);
        using (var writer = new BinaryWriter(destination, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(json.Length);
            writer.Write(json);
        }

        _ownMiner?.Save(destination);
    }

    /// <summary>Reads a profile written by <see cref="Save"/>.</summary>
    /// <param name="source">Where to read from.</param>
    /// <param name="modelTemplates">The model the profile was trained with, for a profile that counts by a model's
    /// templates (<see cref="CountsByModelTemplates"/>); a profile with a miner of its own ignores it.</param>
    /// <exception cref="InvalidDataException">The bytes are not a saved profile, or it counts by a model's templates and
    /// no model is given.</exception>
    public static VolumeProfile Load(Stream source, ITemplateMatcher? modelTemplates = null)
    {
        try
        {
            using var reader = new BinaryReader(source, System.Text.Encoding.UTF8, leaveOpen: true);
            var length = reader.ReadInt32();
            if (length <= 0 || length > source.Length)
            {
                throw new InvalidDataException($"volume profile: figures of {length} bytes in a stream of {source.Length}");
            }

            var figures = JsonSerializer.Deserialize<SavedFigures>(reader.ReadBytes(length))
                ?? throw new InvalidDataException("volume profile: no figures");
            var ownMiner = figures.ByModelTemplates ? null : TemplateMiner.Load(source);
            var templates = (ITemplateMatcher?)ownMiner ?? modelTemplates
                ?? throw new InvalidDataException("volume profile: it counts by its model's templates, and no model was given to load it with");
            return new VolumeProfile(
                new VolumeOptions(TimeSpan.FromTicks(figures.IntervalTicks)), templates, ownMiner,
                figures.Rates.ToDictionary(r => r.Id, r => r.Rate), figures.History);
        }
        catch (Exception e) when (e is JsonException or EndOfStreamException)
        {
            throw new InvalidDataException($"volume profile unreadable: {e.Message}", e);
        }
    }

    private sealed record SavedRate(int Id, TemplateRate Rate);

    // Profiles saved before ByModelTemplates existed have their own miner, which the default says.
    private sealed record SavedFigures(long IntervalTicks, VolumeHistory History, List<SavedRate> Rates, bool ByModelTemplates = false);
}
