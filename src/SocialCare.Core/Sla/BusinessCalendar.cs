using System.Collections.Frozen;
using System.Globalization;

namespace SocialCare.Core;

/// <summary>One opening period of a business week: a day and a span of wall-clock time in the calendar's time zone.</summary>
/// <param name="Day">The day of the week.</param>
/// <param name="Start">When the period opens.</param>
/// <param name="End">When it closes; <see cref="TimeOnly.MinValue"/> (00:00) means midnight at the end of the day.</param>
public readonly record struct BusinessPeriod(DayOfWeek Day, TimeOnly Start, TimeOnly End)
{
    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    /// <summary>Parses periods written as <c>Mon-Fri 09:00-12:30, 13:30-18:00; Sat 10:00-14:00</c>.</summary>
    /// <param name="text">The periods: groups separated by <c>;</c>, each a day or day range (<c>Mon</c>…<c>Sun</c>) and comma-separated <c>HH:mm-HH:mm</c> spans; <c>24:00</c> is accepted as an end.</param>
    /// <returns>The periods.</returns>
    /// <exception cref="FormatException">The text is not in that form; the message quotes the part that is not.</exception>
    public static IReadOnlyList<BusinessPeriod> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Trim().Length == 0)
        {
            throw Malformed(text, "is empty; expected periods such as 'Mon-Fri 09:00-17:00'");
        }

        var result = new List<BusinessPeriod>();
        foreach (var rawGroup in text.Split(';'))
        {
            var group = rawGroup.Trim();
            if (group.Length == 0)
            {
                throw Malformed(text, "has an empty group between ';' separators");
            }

            var split = 0;
            while (split < group.Length && !char.IsWhiteSpace(group[split]))
            {
                split++;
            }

            var dayPart = group[..split];
            var spansPart = group[split..].Trim();
            var days = ParseDays(dayPart) ?? throw Malformed(dayPart, "is not a day or day range such as 'Mon' or 'Mon-Fri'");
            if (spansPart.Length == 0)
            {
                throw Malformed(group, "has no time spans such as '09:00-17:00'");
            }

            var spans = new List<(TimeOnly Start, TimeOnly End)>();
            foreach (var rawSpan in spansPart.Split(','))
            {
                var span = rawSpan.Trim();
                if (span.Length == 0)
                {
                    throw Malformed(group, "has an empty time span between ',' separators");
                }

                spans.Add(ParseSpan(span) ?? throw Malformed(span, "is not a time span 'HH:mm-HH:mm' that ends after it starts"));
            }

            foreach (var day in days)
            {
                foreach (var (start, end) in spans)
                {
                    result.Add(new BusinessPeriod(day, start, end));
                }
            }
        }

        return result.AsReadOnly();
    }

    private static FormatException Malformed(string part, string problem)
        => new(string.Create(CultureInfo.InvariantCulture, $"Cannot parse business periods: '{part}' {problem}."));

    private static List<DayOfWeek>? ParseDays(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return ParseDay(text) is { } single ? [single] : null;
        }

        if (ParseDay(text[..dash]) is not { } first || ParseDay(text[(dash + 1)..]) is not { } last)
        {
            return null;
        }

        // A range may wrap around the end of the week: Sat-Mon is Saturday, Sunday and Monday.
        var days = new List<DayOfWeek> { first };
        for (var day = first; day != last;)
        {
            day = (DayOfWeek)(((int)day + 1) % 7);
            days.Add(day);
        }

        return days;
    }

    private static DayOfWeek? ParseDay(string text)
    {
        for (var i = 0; i < DayNames.Length; i++)
        {
            if (string.Equals(text, DayNames[i], StringComparison.OrdinalIgnoreCase))
            {
                return (DayOfWeek)i;
            }
        }

        return null;
    }

    private static (TimeOnly Start, TimeOnly End)? ParseSpan(string text)
    {
        var parts = text.Split('-');
        if (parts.Length != 2
            || ParseClock(parts[0].Trim(), isEnd: false) is not { } start
            || ParseClock(parts[1].Trim(), isEnd: true) is not { } end
            || (end != TimeOnly.MinValue && end <= start))
        {
            return null;
        }

        return (start, end);
    }

    private static TimeOnly? ParseClock(string text, bool isEnd)
    {
        if (text.Length != 5 || text[2] != ':' || !IsDigit(text[0]) || !IsDigit(text[1]) || !IsDigit(text[3]) || !IsDigit(text[4]))
        {
            return null;
        }

        var hour = ((text[0] - '0') * 10) + (text[1] - '0');
        var minute = ((text[3] - '0') * 10) + (text[4] - '0');
        if (minute > 59)
        {
            return null;
        }

        if (hour == 24 && minute == 0 && isEnd)
        {
            return TimeOnly.MinValue;
        }

        return hour <= 23 ? new TimeOnly(hour, minute) : null;
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';
}

/// <summary>
/// When a team works: weekly opening periods in a time zone, minus holidays. SLA clocks and business-time metrics count
/// only the time the calendar is open.
/// </summary>
/// <remarks>Immutable and thread-safe. Daylight-saving changes are handled in the calendar's time zone.</remarks>
public sealed class BusinessCalendar
{
    // How the calendar works: for each local date that is not a holiday, each merged period of its day of the week becomes
    // one interval of UTC instants [ToUtc(date + start), ToUtc(date + end)). The wall-clock-to-UTC mapping (ToUtcTicks)
    // is non-decreasing, so the intervals of one date, and of consecutive dates, come out sorted and disjoint; every
    // operation walks them date by date, never minute by minute.
    //
    // Daylight saving, chosen once and used for every conversion:
    // - A wall-clock time that does not exist (spring-forward gap) maps to the next valid instant, the moment of the
    //   transition: in Europe/Rome on 2026-03-29 both 02:00 and 02:30 map to 03:00 CEST (01:00Z). A period lying wholly
    //   inside a gap is empty.
    // - A wall-clock time that occurs twice (fall-back overlap) maps to its later occurrence, which for ordinary DST is
    //   the standard-time one: in Europe/Rome on 2026-10-25, 02:30 maps to 02:30 CET (01:30Z), not 02:30 CEST (00:30Z).
    //   A period that starts inside the overlap therefore opens at the second occurrence; one that ends inside it closes
    //   at the second occurrence, so it includes the repeated hour.
    // Because both rules are used for starts and ends alike, a calendar open 24/7 in local time stays contiguous and its
    // local days last 23 or 25 hours on transition days.
    private const long TicksPerDay = TimeSpan.TicksPerDay;
    private const long MaxTicks = 3155378975999999999; // DateTime.MaxValue.Ticks
    private const long SearchWindow = 40 * TimeSpan.TicksPerHour; // wider than any UTC offset plus any gap
    private const int MaxClosedDays = 3660; // a little over ten years

    private readonly string _name;
    private readonly TimeZoneInfo _timeZone;
    private readonly IReadOnlyList<BusinessPeriod> _periods;
    private readonly FrozenSet<DateOnly> _holidays;
    private readonly LocalSpan[][] _spansByDay;
    private readonly long? _fixedOffsetTicks;
    private readonly bool _alwaysOpen;

    /// <summary>Initializes a new instance of the <see cref="BusinessCalendar"/> class.</summary>
    /// <param name="name">The calendar's name, for configuration and messages.</param>
    /// <param name="timeZone">The time zone the periods are written in.</param>
    /// <param name="periods">The weekly opening periods; may overlap; at least one.</param>
    /// <param name="holidays">Dates (in the calendar's time zone) on which it is closed all day.</param>
    /// <exception cref="ArgumentException">No periods, a period that ends before it starts, or an empty name.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="name"/>, <paramref name="timeZone"/> or <paramref name="periods"/> is <see langword="null"/>.</exception>
    public BusinessCalendar(string name, TimeZoneInfo timeZone, IEnumerable<BusinessPeriod> periods, IEnumerable<DateOnly>? holidays = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(timeZone);
        ArgumentNullException.ThrowIfNull(periods);

        var periodArray = periods.ToArray();
        if (periodArray.Length == 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The business calendar '{name}' needs at least one opening period."), nameof(periods));
        }

        var byDay = new List<LocalSpan>[7];
        foreach (var period in periodArray)
        {
            if ((uint)period.Day > 6)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The business calendar '{name}' has a period on an unknown day ({(int)period.Day})."), nameof(periods));
            }

            var start = period.Start.Ticks;
            var end = period.End == TimeOnly.MinValue ? TicksPerDay : period.End.Ticks;
            if (end <= start)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The business calendar '{name}' has a period on {period.Day} that ends ({period.End:HH:mm:ss}) before it starts ({period.Start:HH:mm:ss}); use 00:00 as the end for midnight."),
                    nameof(periods));
            }

            (byDay[(int)period.Day] ??= []).Add(new LocalSpan(start, end));
        }

        _name = name;
        _timeZone = timeZone;
        _periods = Array.AsReadOnly(periodArray);
        _holidays = (holidays ?? []).ToFrozenSet();
        _spansByDay = [.. byDay.Select(Merge)];
        _fixedOffsetTicks = timeZone.GetAdjustmentRules().Length == 0 ? timeZone.BaseUtcOffset.Ticks : null;
        _alwaysOpen = _holidays.Count == 0 && _spansByDay.All(spans => spans is [{ Start: 0, End: TicksPerDay }]);
    }

    /// <summary>Gets a calendar that is always open: business time equals calendar time.</summary>
    public static BusinessCalendar AlwaysOpen { get; } = new(
        "AlwaysOpen",
        TimeZoneInfo.Utc,
        Enum.GetValues<DayOfWeek>().Select(day => new BusinessPeriod(day, TimeOnly.MinValue, TimeOnly.MinValue)));

    /// <summary>Gets the calendar's name.</summary>
    public string Name => _name;

    /// <summary>Gets the time zone the periods are written in.</summary>
    public TimeZoneInfo TimeZone => _timeZone;

    /// <summary>Gets the weekly opening periods.</summary>
    public IReadOnlyList<BusinessPeriod> Periods => _periods;

    /// <summary>Gets the holidays.</summary>
    public IReadOnlySet<DateOnly> Holidays => _holidays;

    /// <summary>Tells whether the calendar is open at an instant.</summary>
    /// <param name="at">The instant.</param>
    /// <returns><see langword="true"/> when a period covers it and its date is not a holiday.</returns>
    public bool IsOpen(DateTimeOffset at)
    {
        if (_alwaysOpen)
        {
            return true;
        }

        var instant = at.UtcTicks;
        var date = LocalDate(instant);
        foreach (var interval in OpenIntervals(Previous(date), Next(date), at, giveUp: false))
        {
            if (interval.Start > instant)
            {
                break;
            }

            if (instant < interval.End)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Measures the business time between two instants.</summary>
    /// <param name="from">The start.</param>
    /// <param name="to">The end.</param>
    /// <returns>The open time in [<paramref name="from"/>, <paramref name="to"/>); zero when <paramref name="to"/> is not after <paramref name="from"/>.</returns>
    public TimeSpan GetBusinessTime(DateTimeOffset from, DateTimeOffset to)
    {
        var start = from.UtcTicks;
        var end = to.UtcTicks;
        if (end <= start)
        {
            return TimeSpan.Zero;
        }

        if (_alwaysOpen)
        {
            return TimeSpan.FromTicks(end - start);
        }

        var total = 0L;
        foreach (var interval in OpenIntervals(Previous(LocalDate(start)), Next(Next(LocalDate(end))), from, giveUp: false))
        {
            if (interval.Start >= end)
            {
                break;
            }

            var overlap = Math.Min(interval.End, end) - Math.Max(interval.Start, start);
            if (overlap > 0)
            {
                total += overlap;
            }
        }

        return TimeSpan.FromTicks(total);
    }

    /// <summary>Finds the instant at which a given amount of business time has passed since a start.</summary>
    /// <param name="start">The start.</param>
    /// <param name="duration">The business time; not negative.</param>
    /// <returns>
    /// The earliest instant <c>t</c> with <c>GetBusinessTime(start, t) == duration</c>; <paramref name="start"/> itself for
    /// a zero duration. The offset is UTC.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The calendar has no opening within ten years of a point of the search.</exception>
    public DateTimeOffset AddBusinessTime(DateTimeOffset start, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var instant = start.UtcTicks;
        if (duration == TimeSpan.Zero)
        {
            return new DateTimeOffset(instant, TimeSpan.Zero);
        }

        if (_alwaysOpen)
        {
            return duration.Ticks <= MaxTicks - instant
                ? new DateTimeOffset(instant + duration.Ticks, TimeSpan.Zero)
                : throw PastEndOfTime(duration);
        }

        var remaining = duration.Ticks;
        foreach (var interval in OpenIntervals(Previous(LocalDate(instant)), DateOnly.MaxValue, start, giveUp: true))
        {
            if (interval.End <= instant)
            {
                continue;
            }

            var from = Math.Max(interval.Start, instant);
            var available = interval.End - from;
            if (remaining <= available)
            {
                return new DateTimeOffset(from + remaining, TimeSpan.Zero);
            }

            remaining -= available;
        }

        throw PastEndOfTime(duration);
    }

    /// <summary>Finds the next instant at or after <paramref name="at"/> when the calendar is open.</summary>
    /// <param name="at">The instant.</param>
    /// <returns><paramref name="at"/> when open; otherwise the start of the next opening (UTC).</returns>
    /// <exception cref="InvalidOperationException">The calendar has no opening within ten years after <paramref name="at"/>.</exception>
    public DateTimeOffset NextOpening(DateTimeOffset at)
    {
        var instant = at.UtcTicks;
        if (_alwaysOpen)
        {
            return new DateTimeOffset(instant, TimeSpan.Zero);
        }

        foreach (var interval in OpenIntervals(Previous(LocalDate(instant)), DateOnly.MaxValue, at, giveUp: true))
        {
            if (interval.End > instant)
            {
                return new DateTimeOffset(Math.Max(interval.Start, instant), TimeSpan.Zero);
            }
        }

        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The business calendar '{_name}' has no opening after {at:O} before the end of the supported date range."));
    }

    /// <summary>
    /// The open intervals, as UTC ticks, of the local dates from <paramref name="first"/> to <paramref name="last"/>, in
    /// order. With <paramref name="giveUp"/>, throws once more than ten years pass without an opening.
    /// </summary>
    private IEnumerable<LocalSpan> OpenIntervals(DateOnly first, DateOnly last, DateTimeOffset searchedFrom, bool giveUp)
    {
        var lastOpen = first;
        for (var date = first; ; date = date.AddDays(1))
        {
            if (!_holidays.Contains(date))
            {
                var midnight = date.DayNumber * TicksPerDay;
                foreach (var span in _spansByDay[(int)date.DayOfWeek])
                {
                    var start = ToUtcTicks(midnight + span.Start);
                    var end = ToUtcTicks(Math.Min(midnight + span.End, MaxTicks));
                    if (end > start)
                    {
                        lastOpen = date;
                        yield return new LocalSpan(start, end);
                    }
                }
            }

            if (date >= last)
            {
                yield break;
            }

            if (giveUp && date.DayNumber - lastOpen.DayNumber > MaxClosedDays)
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The business calendar '{_name}' has no opening for more than ten years (from {lastOpen:yyyy-MM-dd} to {date:yyyy-MM-dd}, searching from {searchedFrom:O}); check its periods and holidays."));
            }
        }
    }

    /// <summary>The UTC instant of a wall-clock time in the calendar's zone; see the class comment for gaps and overlaps.</summary>
    private long ToUtcTicks(long localTicks)
    {
        if (_fixedOffsetTicks is { } fixedOffset)
        {
            return Clamp(localTicks - fixedOffset);
        }

        var local = new DateTime(localTicks, DateTimeKind.Unspecified);
        if (_timeZone.IsInvalidTime(local))
        {
            return FirstInstantAtOrAfter(localTicks);
        }

        if (_timeZone.IsAmbiguousTime(local))
        {
            // The smallest offset gives the latest instant: the second occurrence (standard time for ordinary DST).
            return Clamp(localTicks - _timeZone.GetAmbiguousTimeOffsets(local).Min().Ticks);
        }

        return Clamp(localTicks - _timeZone.GetUtcOffset(local).Ticks);
    }

    /// <summary>The first UTC instant whose wall-clock time is at or after <paramref name="localTicks"/> (used for gaps).</summary>
    private long FirstInstantAtOrAfter(long localTicks)
    {
        // Invariant: the wall clock at low is before localTicks, at high it is not. Binary search over ticks: about 40 steps.
        var low = Clamp(localTicks - SearchWindow);
        var high = Clamp(localTicks + SearchWindow);
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (LocalTicks(middle) >= localTicks)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return high;
    }

    private long LocalTicks(long utcTicks)
        => Clamp(utcTicks + (_fixedOffsetTicks ?? _timeZone.GetUtcOffset(new DateTime(utcTicks, DateTimeKind.Utc)).Ticks));

    private DateOnly LocalDate(long utcTicks) => DateOnly.FromDayNumber((int)(LocalTicks(utcTicks) / TicksPerDay));

    private static DateOnly Previous(DateOnly date) => date == DateOnly.MinValue ? date : date.AddDays(-1);

    private static DateOnly Next(DateOnly date) => date == DateOnly.MaxValue ? date : date.AddDays(1);

    private static long Clamp(long ticks) => Math.Clamp(ticks, 0, MaxTicks);

    private static ArgumentOutOfRangeException PastEndOfTime(TimeSpan duration)
        => new(nameof(duration), duration, "The business time ends after the largest supported date.");

    /// <summary>Sorts spans and merges those that overlap or touch.</summary>
    private static LocalSpan[] Merge(List<LocalSpan>? spans)
    {
        if (spans is null)
        {
            return [];
        }

        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<LocalSpan> { spans[0] };
        foreach (var span in spans.Skip(1))
        {
            var lastSpan = merged[^1];
            if (span.Start <= lastSpan.End)
            {
                merged[^1] = lastSpan with { End = Math.Max(lastSpan.End, span.End) };
            }
            else
            {
                merged.Add(span);
            }
        }

        return [.. merged];
    }

    /// <summary>A span of ticks: since local midnight in <see cref="_spansByDay"/>, UTC ticks in <see cref="OpenIntervals"/>.</summary>
    private readonly record struct LocalSpan(long Start, long End);
}
