namespace SocialCare.Core;

/// <summary>One opening period of a business week: a day and a span of wall-clock time in the calendar's time zone.</summary>
/// <param name="Day">The day of the week.</param>
/// <param name="Start">When the period opens.</param>
/// <param name="End">When it closes; <see cref="TimeOnly.MinValue"/> (00:00) means midnight at the end of the day.</param>
public readonly record struct BusinessPeriod(DayOfWeek Day, TimeOnly Start, TimeOnly End)
{
    /// <summary>Parses periods written as <c>Mon-Fri 09:00-12:30, 13:30-18:00; Sat 10:00-14:00</c>.</summary>
    /// <param name="text">The periods: groups separated by <c>;</c>, each a day or day range (<c>Mon</c>…<c>Sun</c>) and comma-separated <c>HH:mm-HH:mm</c> spans; <c>24:00</c> is accepted as an end.</param>
    /// <returns>The periods.</returns>
    /// <exception cref="FormatException">The text is not in that form; the message quotes the part that is not.</exception>
    public static IReadOnlyList<BusinessPeriod> Parse(string text) => throw new NotImplementedException();
}

/// <summary>
/// When a team works: weekly opening periods in a time zone, minus holidays. SLA clocks and business-time metrics count
/// only the time the calendar is open.
/// </summary>
/// <remarks>Immutable and thread-safe. Daylight-saving changes are handled in the calendar's time zone.</remarks>
public sealed class BusinessCalendar
{
    /// <summary>Initializes a new instance of the <see cref="BusinessCalendar"/> class.</summary>
    /// <param name="name">The calendar's name, for configuration and messages.</param>
    /// <param name="timeZone">The time zone the periods are written in.</param>
    /// <param name="periods">The weekly opening periods; may overlap; at least one.</param>
    /// <param name="holidays">Dates (in the calendar's time zone) on which it is closed all day.</param>
    /// <exception cref="ArgumentException">No periods, or a period that ends before it starts.</exception>
    public BusinessCalendar(string name, TimeZoneInfo timeZone, IEnumerable<BusinessPeriod> periods, IEnumerable<DateOnly>? holidays = null)
        => throw new NotImplementedException();

    /// <summary>Gets a calendar that is always open: business time equals calendar time.</summary>
    public static BusinessCalendar AlwaysOpen => throw new NotImplementedException();

    /// <summary>Gets the calendar's name.</summary>
    public string Name => throw new NotImplementedException();

    /// <summary>Gets the time zone the periods are written in.</summary>
    public TimeZoneInfo TimeZone => throw new NotImplementedException();

    /// <summary>Gets the weekly opening periods.</summary>
    public IReadOnlyList<BusinessPeriod> Periods => throw new NotImplementedException();

    /// <summary>Gets the holidays.</summary>
    public IReadOnlySet<DateOnly> Holidays => throw new NotImplementedException();

    /// <summary>Tells whether the calendar is open at an instant.</summary>
    /// <param name="at">The instant.</param>
    /// <returns><see langword="true"/> when a period covers it and its date is not a holiday.</returns>
    public bool IsOpen(DateTimeOffset at) => throw new NotImplementedException();

    /// <summary>Measures the business time between two instants.</summary>
    /// <param name="from">The start.</param>
    /// <param name="to">The end.</param>
    /// <returns>The open time in [<paramref name="from"/>, <paramref name="to"/>); zero when <paramref name="to"/> is not after <paramref name="from"/>.</returns>
    public TimeSpan GetBusinessTime(DateTimeOffset from, DateTimeOffset to) => throw new NotImplementedException();

    /// <summary>Finds the instant at which a given amount of business time has passed since a start.</summary>
    /// <param name="start">The start.</param>
    /// <param name="duration">The business time; not negative.</param>
    /// <returns>
    /// The earliest instant <c>t</c> with <c>GetBusinessTime(start, t) == duration</c>; <paramref name="start"/> itself for
    /// a zero duration. The offset is UTC.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    public DateTimeOffset AddBusinessTime(DateTimeOffset start, TimeSpan duration) => throw new NotImplementedException();

    /// <summary>Finds the next instant at or after <paramref name="at"/> when the calendar is open.</summary>
    /// <param name="at">The instant.</param>
    /// <returns><paramref name="at"/> when open; otherwise the start of the next opening (UTC).</returns>
    public DateTimeOffset NextOpening(DateTimeOffset at) => throw new NotImplementedException();
}
