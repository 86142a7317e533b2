namespace SocialCare.Core.Tests.Sla;

public class BusinessCalendarTests
{
    // 2026-11-23 is a Monday; 2026-11-28/29 is a weekend.
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");
    private static readonly BusinessCalendar OfficeHours = new("office", TimeZoneInfo.Utc, BusinessPeriod.Parse("Mon-Fri 09:00-17:00"));
    private static readonly BusinessCalendar SplitShift = new("split", TimeZoneInfo.Utc, BusinessPeriod.Parse("Mon-Fri 09:00-12:00, 13:00-17:00"));

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void GetBusinessTime_FridayAfternoonToMondayMorning_SkipsWeekend()
        => Assert.Equal(TimeSpan.FromHours(4), OfficeHours.GetBusinessTime(Utc(2026, 11, 27, 15), Utc(2026, 11, 30, 11)));

    [Fact]
    public void GetBusinessTime_WholeWeek_IsFortyHours()
        => Assert.Equal(TimeSpan.FromHours(40), OfficeHours.GetBusinessTime(Utc(2026, 11, 23, 0), Utc(2026, 11, 30, 0)));

    [Fact]
    public void GetBusinessTime_ToNotAfterFrom_IsZero()
    {
        Assert.Equal(TimeSpan.Zero, OfficeHours.GetBusinessTime(Utc(2026, 11, 23, 12), Utc(2026, 11, 23, 12)));
        Assert.Equal(TimeSpan.Zero, OfficeHours.GetBusinessTime(Utc(2026, 11, 23, 12), Utc(2026, 11, 23, 10)));
    }

    [Fact]
    public void AddBusinessTime_FridayAfternoon_ContinuesOnMonday()
        => Assert.Equal(Utc(2026, 11, 30, 11), OfficeHours.AddBusinessTime(Utc(2026, 11, 27, 16), TimeSpan.FromHours(3)));

    [Fact]
    public void AddBusinessTime_EndsExactlyAtClosing_ReturnsClosingNotNextOpening()
        => Assert.Equal(Utc(2026, 11, 27, 17), OfficeHours.AddBusinessTime(Utc(2026, 11, 27, 16), TimeSpan.FromHours(1)));

    [Fact]
    public void AddBusinessTime_WeekdayHoliday_IsSkipped()
    {
        var calendar = new BusinessCalendar("office", TimeZoneInfo.Utc, OfficeHours.Periods, [new DateOnly(2026, 11, 25)]);

        Assert.Equal(Utc(2026, 11, 26, 10), calendar.AddBusinessTime(Utc(2026, 11, 24, 16), TimeSpan.FromHours(2)));
        Assert.Equal(TimeSpan.FromHours(8), calendar.GetBusinessTime(Utc(2026, 11, 24, 9), Utc(2026, 11, 26, 9)));
        Assert.False(calendar.IsOpen(Utc(2026, 11, 25, 10)));
        Assert.Equal(Utc(2026, 11, 26, 9), calendar.NextOpening(Utc(2026, 11, 24, 17)));
    }

    [Fact]
    public void AddBusinessTime_SplitShift_SkipsLunchGap()
    {
        Assert.Equal(Utc(2026, 11, 23, 14), SplitShift.AddBusinessTime(Utc(2026, 11, 23, 11), TimeSpan.FromHours(2)));
        Assert.Equal(Utc(2026, 11, 23, 12), SplitShift.AddBusinessTime(Utc(2026, 11, 23, 11), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void GetBusinessTime_SplitShift_ExcludesLunchGap()
    {
        Assert.Equal(TimeSpan.FromHours(1), SplitShift.GetBusinessTime(Utc(2026, 11, 23, 11, 30), Utc(2026, 11, 23, 13, 30)));
        Assert.Equal(TimeSpan.FromHours(7), SplitShift.GetBusinessTime(Utc(2026, 11, 23, 0), Utc(2026, 11, 24, 0)));
    }

    [Fact]
    public void AddBusinessTime_StartInClosedTime_ClockStartsAtNextOpening()
    {
        Assert.Equal(Utc(2026, 11, 30, 10), SplitShift.AddBusinessTime(Utc(2026, 11, 28, 10), TimeSpan.FromHours(1)));
        Assert.Equal(Utc(2026, 11, 23, 9, 30), SplitShift.AddBusinessTime(Utc(2026, 11, 23, 6), TimeSpan.FromMinutes(30)));
        Assert.Equal(Utc(2026, 11, 23, 13, 30), SplitShift.AddBusinessTime(Utc(2026, 11, 23, 12, 30), TimeSpan.FromMinutes(30)));
        Assert.Equal(Utc(2026, 11, 24, 9, 30), SplitShift.AddBusinessTime(Utc(2026, 11, 23, 17), TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void AddBusinessTime_ZeroDuration_ReturnsStartInUtcEvenWhenClosed()
    {
        var start = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.FromHours(2));

        var result = SplitShift.AddBusinessTime(start, TimeSpan.Zero);

        Assert.Equal(start, result);
        Assert.Equal(TimeSpan.Zero, result.Offset);
    }

    [Fact]
    public void AddBusinessTime_NegativeDuration_ThrowsArgumentOutOfRange()
        => Assert.Throws<ArgumentOutOfRangeException>("duration", () => OfficeHours.AddBusinessTime(Utc(2026, 11, 23, 9), TimeSpan.FromTicks(-1)));

    [Fact]
    public void AddBusinessTime_NonUtcInput_ReturnsUtcOffset()
    {
        var result = OfficeHours.AddBusinessTime(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(1)), TimeSpan.FromHours(1));

        Assert.Equal(Utc(2026, 11, 23, 10), result);
        Assert.Equal(TimeSpan.Zero, result.Offset);
    }

    [Fact]
    public void Constructor_OverlappingPeriods_AreUnited()
    {
        var calendar = new BusinessCalendar("overlap", TimeZoneInfo.Utc,
        [
            new(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(12, 0)),
            new(DayOfWeek.Monday, new TimeOnly(11, 0), new TimeOnly(14, 0)),
            new(DayOfWeek.Monday, new TimeOnly(10, 0), new TimeOnly(11, 0)),
            new(DayOfWeek.Monday, new TimeOnly(14, 0), new TimeOnly(15, 0)),
        ]);

        Assert.Equal(TimeSpan.FromHours(6), calendar.GetBusinessTime(Utc(2026, 11, 23, 0), Utc(2026, 11, 24, 0)));
        Assert.Equal(Utc(2026, 11, 23, 15), calendar.AddBusinessTime(Utc(2026, 11, 23, 0), TimeSpan.FromHours(6)));
    }

    [Fact]
    public void Constructor_EndAtMidnight_MeansEndOfDay()
    {
        var calendar = new BusinessCalendar("late", TimeZoneInfo.Utc, [new(DayOfWeek.Friday, new TimeOnly(22, 0), TimeOnly.MinValue)]);

        Assert.Equal(TimeSpan.FromHours(2), calendar.GetBusinessTime(Utc(2026, 11, 27, 0), Utc(2026, 11, 29, 0)));
        Assert.True(calendar.IsOpen(Utc(2026, 11, 27, 23, 59)));
        Assert.False(calendar.IsOpen(Utc(2026, 11, 28, 0)));
    }

    [Fact]
    public void Constructor_WholeDaysOnConsecutiveDays_AreContiguous()
    {
        var calendar = new BusinessCalendar("weekend", TimeZoneInfo.Utc, BusinessPeriod.Parse("Sat-Sun 00:00-24:00"));

        Assert.Equal(Utc(2026, 11, 29, 12), calendar.AddBusinessTime(Utc(2026, 11, 28, 12), TimeSpan.FromHours(24)));
        Assert.Equal(Utc(2026, 12, 5, 1), calendar.AddBusinessTime(Utc(2026, 11, 29, 23), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void Constructor_InvalidArguments_Throw()
    {
        var monday = new BusinessPeriod(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(17, 0));

        Assert.Throws<ArgumentException>("periods", () => new BusinessCalendar("c", TimeZoneInfo.Utc, []));
        Assert.Throws<ArgumentException>("periods", () => new BusinessCalendar("c", TimeZoneInfo.Utc, [monday with { End = new TimeOnly(8, 0) }]));
        Assert.Throws<ArgumentException>("periods", () => new BusinessCalendar("c", TimeZoneInfo.Utc, [monday with { End = monday.Start }]));
        Assert.Throws<ArgumentException>("periods", () => new BusinessCalendar("c", TimeZoneInfo.Utc, [monday with { Day = (DayOfWeek)7 }]));
        Assert.Throws<ArgumentException>("name", () => new BusinessCalendar("", TimeZoneInfo.Utc, [monday]));
        Assert.Throws<ArgumentException>("name", () => new BusinessCalendar("  ", TimeZoneInfo.Utc, [monday]));
        Assert.Throws<ArgumentNullException>("name", () => new BusinessCalendar(null!, TimeZoneInfo.Utc, [monday]));
        Assert.Throws<ArgumentNullException>("timeZone", () => new BusinessCalendar("c", null!, [monday]));
        Assert.Throws<ArgumentNullException>("periods", () => new BusinessCalendar("c", TimeZoneInfo.Utc, null!));
    }

    [Fact]
    public void Constructor_Arguments_AreExposed()
    {
        var holiday = new DateOnly(2026, 12, 25);

        var calendar = new BusinessCalendar("rome-office", Rome, OfficeHours.Periods, [holiday, holiday]);

        Assert.Equal("rome-office", calendar.Name);
        Assert.Same(Rome, calendar.TimeZone);
        Assert.Equal(OfficeHours.Periods, calendar.Periods);
        Assert.Equal(holiday, Assert.Single(calendar.Holidays));
    }

    [Fact]
    public void IsOpen_PeriodBoundaries_AreHalfOpen()
    {
        Assert.False(OfficeHours.IsOpen(Utc(2026, 11, 23, 8, 59)));
        Assert.True(OfficeHours.IsOpen(Utc(2026, 11, 23, 9)));
        Assert.True(OfficeHours.IsOpen(Utc(2026, 11, 23, 16, 59)));
        Assert.False(OfficeHours.IsOpen(Utc(2026, 11, 23, 17)));
        Assert.False(OfficeHours.IsOpen(Utc(2026, 11, 28, 12)));
        Assert.False(SplitShift.IsOpen(Utc(2026, 11, 23, 12, 30)));
    }

    [Fact]
    public void NextOpening_WhenOpen_ReturnsSameInstantInUtc()
    {
        var at = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(2));

        var next = OfficeHours.NextOpening(at);

        Assert.Equal(at, next);
        Assert.Equal(TimeSpan.Zero, next.Offset);
    }

    [Fact]
    public void NextOpening_WhenClosed_ReturnsStartOfNextPeriod()
    {
        Assert.Equal(Utc(2026, 11, 30, 9), OfficeHours.NextOpening(Utc(2026, 11, 27, 17)));
        Assert.Equal(Utc(2026, 11, 23, 13), SplitShift.NextOpening(Utc(2026, 11, 23, 12)));
        Assert.Equal(Utc(2026, 11, 23, 9), SplitShift.NextOpening(Utc(2026, 11, 23, 3)));
    }

    [Fact]
    public void AlwaysOpen_BusinessTime_EqualsCalendarTime()
    {
        var calendar = BusinessCalendar.AlwaysOpen;
        var at = new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.FromHours(-5));

        Assert.Equal(DateTimeOffset.MaxValue - DateTimeOffset.MinValue, calendar.GetBusinessTime(DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Assert.Equal(TimeSpan.FromDays(3650), calendar.GetBusinessTime(at, at.AddDays(3650)));
        Assert.Equal(at.AddDays(1000), calendar.AddBusinessTime(at, TimeSpan.FromDays(1000)));
        Assert.Equal(TimeSpan.Zero, calendar.AddBusinessTime(at, TimeSpan.FromMinutes(1)).Offset);
        Assert.True(calendar.IsOpen(at));
        Assert.Equal(at, calendar.NextOpening(at));
        Assert.Empty(calendar.Holidays);
        Assert.Equal(TimeZoneInfo.Utc, calendar.TimeZone);
        Assert.Equal(7, calendar.Periods.Count);
        Assert.Same(calendar, BusinessCalendar.AlwaysOpen);
    }

    [Fact]
    public void AddBusinessTime_PastEndOfSupportedRange_ThrowsArgumentOutOfRange()
        => Assert.Throws<ArgumentOutOfRangeException>("duration", () => BusinessCalendar.AlwaysOpen.AddBusinessTime(DateTimeOffset.MaxValue.AddDays(-1), TimeSpan.FromDays(2)));

    [Fact]
    public void GetBusinessTime_RomeOfficeHours_UsesLocalWallClock()
    {
        var calendar = new BusinessCalendar("rome", Rome, OfficeHours.Periods);

        // Winter: CET (+01:00). Summer: CEST (+02:00).
        Assert.True(calendar.IsOpen(Utc(2026, 11, 23, 8)));
        Assert.False(calendar.IsOpen(Utc(2026, 11, 23, 7, 59)));
        Assert.Equal(Utc(2026, 11, 23, 16), calendar.AddBusinessTime(Utc(2026, 11, 23, 8), TimeSpan.FromHours(8)));
        Assert.True(calendar.IsOpen(Utc(2026, 7, 6, 7)));
        Assert.False(calendar.IsOpen(Utc(2026, 7, 6, 6, 59)));
        Assert.Equal(Utc(2026, 7, 6, 7), calendar.NextOpening(Utc(2026, 7, 4, 12)));
    }

    [Fact]
    public void GetBusinessTime_RomeOfficeHoursAcrossDstWeekends_StillEightHoursADay()
    {
        var calendar = new BusinessCalendar("rome", Rome, OfficeHours.Periods);

        // Friday before the change (CET) to Monday after it (CEST): 8h Friday + 8h Monday.
        Assert.Equal(TimeSpan.FromHours(16), calendar.GetBusinessTime(Utc(2026, 3, 27, 0), Utc(2026, 3, 31, 0)));
        Assert.Equal(Utc(2026, 3, 30, 8), calendar.AddBusinessTime(Utc(2026, 3, 27, 15), TimeSpan.FromHours(2)));
        Assert.Equal(Utc(2026, 10, 26, 9), calendar.AddBusinessTime(Utc(2026, 10, 23, 14), TimeSpan.FromHours(2)));
    }

    [Theory]
    [InlineData(3, 29, 23)]
    [InlineData(10, 25, 25)]
    [InlineData(11, 22, 24)]
    public void GetBusinessTime_RomeAlwaysOpenLocalDay_LastsAsLongAsTheWallClockDay(int month, int day, int hours)
    {
        var localDay = new DateOnly(2026, month, day);
        var from = LocalMidnight(localDay);
        var to = LocalMidnight(localDay.AddDays(1));
        var sundaysOnly = new BusinessCalendar("sundays", Rome, BusinessPeriod.Parse("Sun 00:00-24:00"));
        var allDayWithHoliday = new BusinessCalendar("all-week", Rome, BusinessPeriod.Parse("Mon-Sun 00:00-24:00"), [new DateOnly(2000, 1, 1)]);
        var allDay = new BusinessCalendar("all-week", Rome, BusinessPeriod.Parse("Mon-Sun 00:00-24:00"));

        Assert.Equal(TimeSpan.FromHours(hours), sundaysOnly.GetBusinessTime(from.AddDays(-3), to.AddDays(3)));
        Assert.Equal(TimeSpan.FromHours(hours), allDayWithHoliday.GetBusinessTime(from, to));
        Assert.Equal(TimeSpan.FromHours(hours), allDay.GetBusinessTime(from, to));
        Assert.Equal(to, sundaysOnly.AddBusinessTime(from, TimeSpan.FromHours(hours)));
        Assert.Equal(from.AddHours(hours + 1), allDayWithHoliday.AddBusinessTime(from, TimeSpan.FromHours(hours + 1)));
    }

    [Fact]
    public void GetBusinessTime_PeriodStartingInSpringForwardGap_OpensAtNextValidInstant()
    {
        // 2026-03-29 in Rome: 02:00 CET jumps to 03:00 CEST (01:00Z); 02:30 does not exist.
        var calendar = new BusinessCalendar("gap", Rome, BusinessPeriod.Parse("Sun 02:30-04:00"));

        Assert.Equal(Utc(2026, 3, 29, 1), calendar.NextOpening(Utc(2026, 3, 28, 12)));
        Assert.Equal(TimeSpan.FromHours(1), calendar.GetBusinessTime(Utc(2026, 3, 28, 0), Utc(2026, 3, 30, 0)));
        Assert.Equal(TimeSpan.FromHours(1.5), calendar.GetBusinessTime(Utc(2026, 3, 21, 0), Utc(2026, 3, 23, 0)));
    }

    [Fact]
    public void GetBusinessTime_PeriodWhollyInSpringForwardGap_IsEmptyThatDay()
    {
        var calendar = new BusinessCalendar("gap", Rome, BusinessPeriod.Parse("Sun 02:00-02:45"));

        Assert.Equal(TimeSpan.Zero, calendar.GetBusinessTime(Utc(2026, 3, 28, 0), Utc(2026, 3, 30, 0)));
        Assert.Equal(Utc(2026, 4, 5, 0), calendar.NextOpening(Utc(2026, 3, 28, 0)));
    }

    [Fact]
    public void GetBusinessTime_PeriodsInFallBackOverlap_UseLaterOccurrence()
    {
        // 2026-10-25 in Rome: 03:00 CEST falls back to 02:00 CET (01:00Z); 02:00-03:00 happens twice.
        var startsInOverlap = new BusinessCalendar("overlap-start", Rome, BusinessPeriod.Parse("Sun 02:30-04:00"));
        var endsInOverlap = new BusinessCalendar("overlap-end", Rome, BusinessPeriod.Parse("Sun 01:00-02:30"));

        Assert.Equal(Utc(2026, 10, 25, 1, 30), startsInOverlap.NextOpening(Utc(2026, 10, 24, 12)));
        Assert.False(startsInOverlap.IsOpen(Utc(2026, 10, 25, 0, 45))); // 02:45 CEST, the first occurrence
        Assert.True(startsInOverlap.IsOpen(Utc(2026, 10, 25, 1, 45))); // 02:45 CET, the second occurrence
        Assert.Equal(TimeSpan.FromHours(1.5), startsInOverlap.GetBusinessTime(Utc(2026, 10, 24, 0), Utc(2026, 10, 26, 0)));
        Assert.Equal(TimeSpan.FromHours(2.5), endsInOverlap.GetBusinessTime(Utc(2026, 10, 24, 0), Utc(2026, 10, 26, 0)));
        Assert.True(endsInOverlap.IsOpen(Utc(2026, 10, 25, 1, 15)));
        Assert.Equal(Utc(2026, 10, 25, 1, 30), endsInOverlap.AddBusinessTime(Utc(2026, 10, 24, 12), TimeSpan.FromHours(2.5)));
    }

    [Fact]
    public void AddBusinessTime_AndGetBusinessTime_AreInverseOnSeededRandomInputs()
    {
        var calendars = new[]
        {
            SplitShift,
            new BusinessCalendar("rome", Rome, BusinessPeriod.Parse("Mon-Fri 09:00-12:30, 13:30-18:00; Sat 10:00-14:00; Sun 02:15-03:30"),
                [new DateOnly(2026, 3, 30), new DateOnly(2026, 10, 26), new DateOnly(2026, 12, 25)]),
            new BusinessCalendar("overnight", Rome, BusinessPeriod.Parse("Fri-Mon 20:00-24:00, 00:00-06:00; Wed 00:00-24:00")),
        };
        var random = new Random(42);
        var yearStart = Utc(2026, 1, 1, 0).UtcTicks;

        for (var i = 0; i < 300; i++)
        {
            var calendar = calendars[i % calendars.Length];
            var start = new DateTimeOffset(yearStart + random.NextInt64(TimeSpan.TicksPerDay * 365), TimeSpan.Zero);
            var duration = random.Next(4) == 0 ? TimeSpan.FromTicks(random.NextInt64(TimeSpan.TicksPerHour * 50)) : TimeSpan.FromMinutes(random.Next(0, 3000));
            var context = $"case {i}: {calendar.Name}, start {start:O}, duration {duration}";

            var end = calendar.AddBusinessTime(start, duration);

            Assert.True(end >= start, context);
            Assert.True(duration == calendar.GetBusinessTime(start, end), context);
            if (duration > TimeSpan.Zero)
            {
                Assert.True(calendar.GetBusinessTime(start, end.AddTicks(-1)) < duration, context);
                Assert.True(calendar.IsOpen(end.AddTicks(-1)), context);
            }

            var to = start + TimeSpan.FromTicks(random.NextInt64(TimeSpan.TicksPerDay * 10));
            var measured = calendar.GetBusinessTime(start, to);
            var reached = calendar.AddBusinessTime(start, measured);
            Assert.True(reached <= to, context);
            Assert.True(measured == calendar.GetBusinessTime(start, reached), context);
            if (calendar.IsOpen(to.AddTicks(-1)) && measured > TimeSpan.Zero)
            {
                Assert.True(reached == to, context);
            }

            var next = calendar.NextOpening(start);
            Assert.True(calendar.IsOpen(next), context);
            Assert.True(calendar.GetBusinessTime(start, next) == TimeSpan.Zero, context);
            Assert.True(calendar.IsOpen(start) == (calendar.GetBusinessTime(start, start.AddTicks(1)) == TimeSpan.FromTicks(1)), context);
        }
    }

    [Fact]
    public void AddBusinessTime_NoOpeningForElevenYears_ThrowsInvalidOperationNamingCalendar()
    {
        var firstMonday = new DateOnly(2026, 11, 23);
        var mondays = Enumerable.Range(0, (11 * 53) + 1).Select(week => firstMonday.AddDays(7 * week));
        var calendar = new BusinessCalendar("never-open", TimeZoneInfo.Utc, BusinessPeriod.Parse("Mon 09:00-10:00"), mondays);

        var add = Assert.Throws<InvalidOperationException>(() => calendar.AddBusinessTime(Utc(2026, 11, 23, 8), TimeSpan.FromMinutes(1)));
        var next = Assert.Throws<InvalidOperationException>(() => calendar.NextOpening(Utc(2026, 11, 23, 8)));

        Assert.Contains("never-open", add.Message, StringComparison.Ordinal);
        Assert.Contains("never-open", next.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, calendar.GetBusinessTime(Utc(2026, 11, 23, 0), Utc(2038, 1, 1, 0)));
        Assert.False(calendar.IsOpen(Utc(2030, 11, 25, 9, 30)));
    }

    [Fact]
    public void AddBusinessTime_OpeningAfterNineYearsOfHolidays_IsFound()
    {
        var firstMonday = new DateOnly(2026, 11, 23);
        var mondays = Enumerable.Range(0, 9 * 52).Select(week => firstMonday.AddDays(7 * week)).ToList();
        var calendar = new BusinessCalendar("rarely-open", TimeZoneInfo.Utc, BusinessPeriod.Parse("Mon 09:00-10:00"), mondays);
        var firstOpenMonday = mondays[^1].AddDays(7);

        Assert.Equal(new DateTimeOffset(firstOpenMonday, new TimeOnly(9, 30), TimeSpan.Zero), calendar.AddBusinessTime(Utc(2026, 11, 23, 8), TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void Parse_Example_ReturnsEveryPeriod()
    {
        var periods = BusinessPeriod.Parse("Mon-Fri 09:00-12:30, 13:30-18:00; Sat 10:00-14:00");

        Assert.Equal(11, periods.Count);
        Assert.Equal(new BusinessPeriod(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(12, 30)), periods[0]);
        Assert.Equal(new BusinessPeriod(DayOfWeek.Monday, new TimeOnly(13, 30), new TimeOnly(18, 0)), periods[1]);
        Assert.Equal(new BusinessPeriod(DayOfWeek.Friday, new TimeOnly(13, 30), new TimeOnly(18, 0)), periods[9]);
        Assert.Equal(new BusinessPeriod(DayOfWeek.Saturday, new TimeOnly(10, 0), new TimeOnly(14, 0)), periods[10]);
    }

    [Fact]
    public void Parse_WrappingRangeLowerCaseAnd2400_AreAccepted()
    {
        var periods = BusinessPeriod.Parse("  sat-MON   20:00-24:00 ;wed 00:00 - 24:00  ");

        Assert.Equal(
            new BusinessPeriod[]
            {
                new(DayOfWeek.Saturday, new TimeOnly(20, 0), TimeOnly.MinValue),
                new(DayOfWeek.Sunday, new TimeOnly(20, 0), TimeOnly.MinValue),
                new(DayOfWeek.Monday, new TimeOnly(20, 0), TimeOnly.MinValue),
                new(DayOfWeek.Wednesday, TimeOnly.MinValue, TimeOnly.MinValue),
            },
            periods);
    }

    [Fact]
    public void Parse_SingleDayRange_IsThatDayOnly()
        => Assert.Equal(DayOfWeek.Tuesday, Assert.Single(BusinessPeriod.Parse("Tue-Tue 09:00-10:00")).Day);

    [Theory]
    [InlineData("", "''")]
    [InlineData("   ", "'   '")]
    [InlineData("Mon", "'Mon'")]
    [InlineData("Mox 09:00-17:00", "'Mox'")]
    [InlineData("Mon-Fri-Sat 09:00-17:00", "'Mon-Fri-Sat'")]
    [InlineData("Mon- 09:00-17:00", "'Mon-'")]
    [InlineData("Monday 09:00-17:00", "'Monday'")]
    [InlineData("Mon 9:00-17:00", "'9:00-17:00'")]
    [InlineData("Mon 09:00-17:60", "'09:00-17:60'")]
    [InlineData("Mon 24:00-24:00", "'24:00-24:00'")]
    [InlineData("Mon 09:00-24:30", "'09:00-24:30'")]
    [InlineData("Mon 17:00-09:00", "'17:00-09:00'")]
    [InlineData("Mon 09:00-09:00", "'09:00-09:00'")]
    [InlineData("Mon 09:00 17:00", "'09:00 17:00'")]
    [InlineData("Mon 09:00-12:00 13:00-17:00", "'09:00-12:00 13:00-17:00'")]
    [InlineData("Mon 09:00-12:00,,13:00-17:00", "'Mon 09:00-12:00,,13:00-17:00'")]
    [InlineData("Mon 09:00-17:00;;Tue 09:00-17:00", "'Mon 09:00-17:00;;Tue 09:00-17:00'")]
    [InlineData("Mon 09:00-17:00;", "'Mon 09:00-17:00;'")]
    [InlineData("Mon 09h00-17h00", "'09h00-17h00'")]
    [InlineData("Mon ٠٩:٠٠-١٧:٠٠", "'٠٩:٠٠-١٧:٠٠'")]
    public void Parse_Malformed_ThrowsFormatExceptionQuotingBadPart(string text, string quoted)
    {
        var ex = Assert.Throws<FormatException>(() => BusinessPeriod.Parse(text));

        Assert.Contains(quoted, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNull()
        => Assert.Throws<ArgumentNullException>("text", () => BusinessPeriod.Parse(null!));

    private static DateTimeOffset LocalMidnight(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Rome.GetUtcOffset(local));
    }
}
