namespace SocialCare.Core.Tests.Engine;

public class SlaTests
{
    private static readonly DateTimeOffset FridayAfternoon = new(2026, 1, 9, 15, 0, 0, TimeSpan.Zero);
    private static readonly TicketActor Zoe = TicketActor.ForAgent(new AgentId("zoe"));

    private static EngineHarness Harness(Action<SocialCareOptions>? more = null) => new(o =>
    {
        // Office hours Monday to Friday 9–17 UTC; Monday 12 January 2026 is a holiday.
        o.Sla.Calendars["office"] = new BusinessCalendar("office", TimeZoneInfo.Utc, BusinessPeriod.Parse("Mon-Fri 09:00-17:00"), [new DateOnly(2026, 1, 12)]);
        o.Sla.Policies.Add(new SlaPolicy { Name = "urgent", FirstResponse = TimeSpan.FromMinutes(30), Calendar = "office", Priorities = { TicketPriority.Urgent } });
        o.Sla.Policies.Add(new SlaPolicy
        {
            Name = "standard",
            FirstResponse = TimeSpan.FromHours(4),
            NextResponse = TimeSpan.FromHours(2),
            Resolution = TimeSpan.FromHours(16),
            Calendar = "office",
        });
        more?.Invoke(o);
    });

    [Fact]
    public async Task FirstResponse_AcrossWeekendHolidayAndPendingPause_BreachesExactlyAtTarget()
    {
        await using var h = Harness();
        h.Time.SetUtcNow(FridayAfternoon);
        var ticket = await h.SayAsync("anna", "hello");
        Assert.Equal(new DateTimeOffset(2026, 1, 13, 11, 0, 0, TimeSpan.Zero), ticket.Sla!.FirstResponse!.DueAt);

        // One business hour later the agent puts it on Pending (waiting for the customer): the clock stops with 1 h used.
        h.Time.SetUtcNow(FridayAfternoon.AddHours(1));
        await h.Engine.ChangeStateAsync(ticket.Id, TicketState.Pending, Zoe);
        var paused = (await h.TicketAsync(ticket.Id)).Sla!.FirstResponse!;
        Assert.Equal((TimeSpan.FromHours(1), false), (paused.Used, paused.IsRunning));

        // The customer answers on Tuesday 09:30, after the weekend and Monday's holiday: 3 h remain, due 12:30.
        h.Time.SetUtcNow(new DateTimeOffset(2026, 1, 13, 9, 30, 0, TimeSpan.Zero));
        await h.SayAsync("anna", "here you go");
        var resumed = (await h.TicketAsync(ticket.Id)).Sla!.FirstResponse!;
        var due = new DateTimeOffset(2026, 1, 13, 12, 30, 0, TimeSpan.Zero);
        Assert.Equal(due, resumed.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 1, 13, 11, 30, 0, TimeSpan.Zero), resumed.WarnAt);

        h.Time.SetUtcNow(due - TimeSpan.FromSeconds(1));
        await h.Scheduler.RunDueAsync();
        Assert.Empty(h.EventsOf<SlaBreached>());
        var warning = Assert.Single(h.EventsOf<SlaWarning>(), w => w.Metric == SlaMetric.FirstResponse);
        Assert.Equal((resumed.WarnAt!.Value, due), (warning.OccurredAt, warning.DueAt));

        h.Time.SetUtcNow(due);
        await h.Scheduler.RunDueAsync();
        var breach = Assert.Single(h.EventsOf<SlaBreached>());
        Assert.Equal((SlaMetric.FirstResponse, due, due), (breach.Metric, breach.OccurredAt, breach.DueAt));
        Assert.Equal(due, (await h.TicketAsync(ticket.Id)).Sla!.FirstResponse!.BreachedAt);
    }

    [Fact]
    public async Task Breach_IsStampedWithItsDueTime_WhenTheSchedulerRunsLate()
    {
        await using var h = Harness();
        var ticket = await h.SayAsync("anna", "hello"); // Monday 5 January 09:00: due 13:00

        h.Time.Advance(TimeSpan.FromDays(1));
        await h.Scheduler.RunDueAsync();

        var breach = Assert.Single(h.EventsOf<SlaBreached>(), b => b.Metric == SlaMetric.FirstResponse);
        Assert.Equal(EngineHarness.Start.AddHours(4), breach.OccurredAt);
        Assert.Equal(ticket.Id, breach.TicketId);
    }

    [Fact]
    public async Task FirstResponse_StopsAtTheAgentsReply_AndNextResponseRunsOnTheNextQuestion()
    {
        await using var h = Harness();
        var ticket = await h.SayAsync("anna", "hello");
        h.Time.Advance(TimeSpan.FromHours(1));
        Assert.True((await h.ReplyAsync(ticket.Id, "zoe", "Hi Anna, how can I help?")).Succeeded);

        var answered = (await h.TicketAsync(ticket.Id)).Sla!;
        Assert.Equal((EngineHarness.Start.AddHours(1), TimeSpan.FromHours(1)), (answered.FirstResponse!.StoppedAt!.Value, answered.FirstResponse.Used));
        Assert.False(answered.NextResponse!.IsRunning);

        h.Time.Advance(TimeSpan.FromHours(1));
        await h.SayAsync("anna", "my order is late");
        var waiting = (await h.TicketAsync(ticket.Id)).Sla!.NextResponse!;
        Assert.Equal(EngineHarness.Start.AddHours(4), waiting.DueAt);

        h.Time.Advance(TimeSpan.FromDays(2));
        await h.Scheduler.RunDueAsync();
        var breached = h.EventsOf<SlaBreached>().Select(b => b.Metric).ToList();
        Assert.Contains(SlaMetric.NextResponse, breached);
        Assert.DoesNotContain(SlaMetric.FirstResponse, breached);
        Assert.Equal(EngineHarness.Start.AddHours(4), h.EventsOf<SlaBreached>().Single(b => b.Metric == SlaMetric.NextResponse).OccurredAt);
    }

    [Fact]
    public async Task Resolution_PausesInOnHold_StopsAtResolved_AndGoesOnAfterAReopen()
    {
        await using var h = Harness();
        var ticket = await h.SayAsync("anna", "hello");
        await h.ReplyAsync(ticket.Id, "zoe", "checking with the courier", then: TicketState.OnHold);
        h.Time.Advance(TimeSpan.FromDays(3)); // on hold: no time used
        await h.Engine.ChangeStateAsync(ticket.Id, TicketState.Open, Zoe);
        h.Time.Advance(TimeSpan.FromHours(2));
        await h.Engine.ChangeStateAsync(ticket.Id, TicketState.Resolved, Zoe);

        var resolved = (await h.TicketAsync(ticket.Id)).Sla!.Resolution!;
        Assert.Equal(TimeSpan.FromHours(2), resolved.Used);
        Assert.NotNull(resolved.StoppedAt);

        h.Time.Advance(TimeSpan.FromHours(1));
        await h.SayAsync("anna", "it happened again");
        var reopened = (await h.TicketAsync(ticket.Id)).Sla!.Resolution!;
        Assert.True(reopened.IsRunning);
        Assert.Null(reopened.StoppedAt);
        Assert.Equal(TimeSpan.FromHours(2), reopened.Used);
    }

    [Fact]
    public async Task Policy_FollowsPriority_AndChangesWhenPriorityChanges()
    {
        await using var h = Harness(o => o.Priority.UrgentKeywords.Add("fire"));
        var urgent = await h.SayAsync("anna", "there is a fire");
        var normal = await h.SayAsync("bob", "hello");

        Assert.Equal(("urgent", EngineHarness.Start.AddMinutes(30)), (urgent.Sla!.Policy, urgent.Sla.FirstResponse!.DueAt!.Value));
        Assert.Equal("standard", normal.Sla!.Policy);

        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Engine.SetPriorityAsync(normal.Id, TicketPriority.Urgent, Zoe);
        var raised = (await h.TicketAsync(normal.Id)).Sla!;
        Assert.Equal("urgent", raised.Policy);
        Assert.Null(raised.Resolution);
        Assert.Equal(EngineHarness.Start.AddMinutes(30), raised.FirstResponse!.DueAt);
    }

    [Fact]
    public async Task NoPolicies_MeansNoClocks()
    {
        await using var h = new EngineHarness();

        var ticket = await h.SayAsync("anna", "hello");

        Assert.Null(ticket.Sla);
        Assert.Null(ticket.WakeAt);
    }

    [Fact]
    public async Task SlaEvents_AreCountedByTheInstruments()
    {
        using var collector = new SocialCare.Testing.MetricCollector(SocialCareDiagnostics.MeterName);
        await using var h = Harness();
        var channel = new ChannelId("metered"); // other tests run in parallel on the same meter name: count only this channel
        await h.SayAsync("anna", "hello", channel: channel);

        h.Time.Advance(TimeSpan.FromDays(2)); // first response (4 h) and resolution (16 h) both pass their warning and target
        await h.Scheduler.RunDueAsync();

        var tag = (SocialCareDiagnostics.ChannelTag, (object?)"metered");
        Assert.Equal(1, collector.Sum(SocialCareDiagnostics.TicketsCreated, tag));
        Assert.Equal(2, collector.Sum(SocialCareDiagnostics.SlaEvents, tag, (SocialCareDiagnostics.OutcomeTag, "breach")));
        Assert.Equal(2, collector.Sum(SocialCareDiagnostics.SlaEvents, tag, (SocialCareDiagnostics.OutcomeTag, "warning")));
    }
}
