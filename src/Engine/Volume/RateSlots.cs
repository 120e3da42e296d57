namespace Lad.Engine.Volume;

/// <summary>How time is cut into the slots a rate is learned per: one slot when history is short, the hour of day
/// (UTC) once history covers it a few times, and weekday/weekend hours once it covers two weeks.</summary>
public enum RateSlots
{
    /// <summary>One rate for all times.</summary>
    None,

    /// <summary>One rate per hour of the day.</summary>
    HourOfDay,

    /// <summary>One rate per hour of the day, apart for weekdays and weekends.</summary>
    WeekPartHour,
}
