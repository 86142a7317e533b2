namespace SocialCare.Core.Tests.Engine;

public class LifecycleTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static Ticket NewTicket(TicketState state = TicketState.New) => new(
        new TicketId("t1"),
        EngineHarness.Private("anna"),
        new CustomerId("c1"),
        state,
        At,
        Version: 1);

    public static TheoryData<TicketState, TicketState> Allowed => new()
    {
        { TicketState.New, TicketState.Open },
        { TicketState.New, TicketState.Pending },
        { TicketState.New, TicketState.OnHold },
        { TicketState.New, TicketState.Resolved },
        { TicketState.Open, TicketState.Pending },
        { TicketState.Open, TicketState.OnHold },
        { TicketState.Open, TicketState.Resolved },
        { TicketState.Pending, TicketState.Open },
        { TicketState.Pending, TicketState.OnHold },
        { TicketState.Pending, TicketState.Resolved },
        { TicketState.OnHold, TicketState.Open },
        { TicketState.OnHold, TicketState.Pending },
        { TicketState.OnHold, TicketState.Resolved },
        { TicketState.Resolved, TicketState.Open },
        { TicketState.Resolved, TicketState.Closed },
    };

    public static TheoryData<TicketState, TicketState, TransitionRejection> Refused => new()
    {
        { TicketState.Open, TicketState.New, TransitionRejection.NotAllowed },
        { TicketState.Open, TicketState.Closed, TransitionRejection.NotAllowed },
        { TicketState.Pending, TicketState.Closed, TransitionRejection.NotAllowed },
        { TicketState.Open, TicketState.Open, TransitionRejection.SameState },
        { TicketState.Closed, TicketState.Open, TransitionRejection.Terminal },
        { TicketState.Merged, TicketState.Open, TransitionRejection.Terminal },
        { TicketState.Open, TicketState.Merged, TransitionRejection.MergeTargetRequired },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void TryApply_AllowedMove_ChangesStateAndWritesHistory(TicketState from, TicketState to)
    {
        var result = TicketTransitions.TryApply(NewTicket(from), new TicketCommand(to, TicketActor.ForAgent(new AgentId("zoe")), "because"), At.AddHours(1));

        Assert.True(result.Succeeded);
        Assert.Equal(to, result.Ticket!.State);
        Assert.Equal(At.AddHours(1), result.Ticket.StateChangedAt);
        Assert.Equal(1, result.Ticket.Version);
        Assert.Equal(new TicketHistoryEntry(new TicketId("t1"), At.AddHours(1), from, to, "because") { Actor = AuthorKind.Agent, Agent = new AgentId("zoe") }, result.History);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void TryApply_IllegalMove_IsARejectedResult(TicketState from, TicketState to, TransitionRejection rejection)
    {
        var result = TicketTransitions.TryApply(NewTicket(from), new TicketCommand(to, TicketActor.System, "x"), At);

        Assert.False(result.Succeeded);
        Assert.Equal(rejection, result.Rejection);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
        Assert.Null(result.Ticket);
    }

    [Fact]
    public void TryApply_ResolveWithoutAssignee_IsRefusedWhenTheGuardIsOn()
    {
        var ticket = NewTicket(TicketState.Open);

        var refused = TicketTransitions.TryApply(ticket, new TicketCommand(TicketState.Resolved, TicketActor.System, "x"), At, requireAssigneeToResolve: true);
        var allowed = TicketTransitions.TryApply(ticket with { Assignee = new AgentId("zoe") }, new TicketCommand(TicketState.Resolved, TicketActor.System, "x"), At, requireAssigneeToResolve: true);

        Assert.Equal(TransitionRejection.AssigneeRequired, refused.Rejection);
        Assert.True(allowed.Succeeded);
        Assert.Equal(At, allowed.Ticket!.ResolvedAt);
    }

    [Fact]
    public void TryApply_Reopen_CountsIt()
    {
        var result = TicketTransitions.TryApply(NewTicket(TicketState.Resolved), new TicketCommand(TicketState.Open, TicketActor.Customer, "x"), At);

        Assert.Equal(1, result.Ticket!.ReopenCount);
    }

    [Fact]
    public void AllowedFrom_TerminalStates_IsEmpty()
    {
        Assert.Empty(TicketTransitions.AllowedFrom(TicketState.Closed));
        Assert.Empty(TicketTransitions.AllowedFrom(TicketState.Merged));
        Assert.DoesNotContain(TicketState.New, Enum.GetValues<TicketState>().SelectMany(TicketTransitions.AllowedFrom));
    }

    [Fact]
    public async Task ChangeState_IllegalMove_ComesBackAsResultAndChangesNothing()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "hello");

        var result = await h.Engine.ChangeStateAsync(ticket.Id, TicketState.Closed, TicketActor.System);
        var merged = await h.Engine.ChangeStateAsync(ticket.Id, TicketState.Merged, TicketActor.System);
        var missing = await h.Engine.ChangeStateAsync(new TicketId("nope"), TicketState.Open, TicketActor.System);

        Assert.Equal((TicketCommandError.TransitionRejected, TransitionRejection.NotAllowed), (result.Error, result.Transition));
        Assert.Equal(TransitionRejection.MergeTargetRequired, merged.Transition);
        Assert.Equal(TicketCommandError.NotFound, missing.Error);
        Assert.Equal(ticket, await h.TicketAsync(ticket.Id));
    }

    [Fact]
    public async Task EveryChange_IsInTheHistory_WithWhoWhenFromToAndWhy()
    {
        await using var h = new EngineHarness();
        var zoe = TicketActor.ForAgent(new AgentId("zoe"));
        h.AddAgent("zoe");
        var ticket = await h.SayAsync("anna", "hello");
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Engine.ChangeStateAsync(ticket.Id, TicketState.Pending, zoe, "asked for the order number");
        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Engine.SetPriorityAsync(ticket.Id, TicketPriority.Urgent, zoe);

        var history = await h.HistoryAsync(ticket.Id);

        Assert.Collection(
            history,
            e => Assert.Equal(("created", TicketState.New, AuthorKind.System), (e.Reason, e.To, e.Actor)),
            e => Assert.StartsWith("assigned to zoe", e.Reason, StringComparison.Ordinal),
            e => Assert.Equal((TicketState.New, TicketState.Pending, "asked for the order number", AuthorKind.Agent, (AgentId?)new AgentId("zoe"), EngineHarness.Start.AddMinutes(10)), (e.From, e.To, e.Reason, e.Actor, e.Agent, e.At)),
            e => Assert.Equal(("priority Normal → Urgent (manual)", TicketState.Pending), (e.Reason, e.To)));
    }

    [Fact]
    public async Task Scheduler_ClosesResolvedTicketsAfterFourDaysByDefault()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "hello");
        await h.Engine.ChangeStateAsync(ticket.Id, TicketState.Resolved, TicketActor.System);

        h.Time.Advance(TimeSpan.FromDays(4) - TimeSpan.FromSeconds(1));
        await h.Scheduler.RunDueAsync();
        var before = await h.TicketAsync(ticket.Id);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.Scheduler.RunDueAsync();
        var after = await h.TicketAsync(ticket.Id);

        Assert.Equal(TicketState.Resolved, before.State);
        Assert.Equal(TicketState.Closed, after.State);
        Assert.Equal(EngineHarness.Start.AddDays(4), after.StateChangedAt);
        Assert.Null(after.WakeAt);
        Assert.Contains(h.EventsOf<TicketStateChanged>(), e => e is { To: TicketState.Closed, Reason: "closed automatically" });
    }

    [Fact]
    public async Task Scheduler_ResolvesSilentPendingTickets_OnlyWhenConfigured()
    {
        await using var off = new EngineHarness();
        await using var on = new EngineHarness(o => o.Lifecycle.ResolvePendingAfter = TimeSpan.FromDays(2));
        List<TicketId> ids = [];
        foreach (var h in new[] { off, on })
        {
            var ticket = await h.SayAsync("anna", "hello");
            await h.Engine.ChangeStateAsync(ticket.Id, TicketState.Pending, TicketActor.System);
            h.Time.Advance(TimeSpan.FromDays(3));
            await h.Scheduler.RunDueAsync();
            ids.Add(ticket.Id);
        }

        Assert.Equal(TicketState.Pending, (await off.TicketAsync(ids[0])).State);
        var resolved = await on.TicketAsync(ids[1]);
        Assert.Equal(TicketState.Resolved, resolved.State);
        Assert.Equal(EngineHarness.Start.AddDays(2), resolved.ResolvedAt);
        Assert.Equal(EngineHarness.Start.AddDays(6), resolved.WakeAt);
    }

    [Fact]
    public async Task Events_ReachTheSinkAfterTheCommit_InOrderPerTicket()
    {
        var store = new InMemoryTicketStore();
        var sink = new CheckingSink(store);
        await using var h = new EngineHarness(builder: b => b.Services.AddSingleton<ITicketStore>(store).AddSingleton<ITicketEventSink>(sink));
        h.AddAgent("zoe");
        var ticket = await h.SayAsync("anna", "hello");

        await Task.WhenAll(
            Task.Run(async () =>
            {
                for (var i = 0; i < 50; i++)
                {
                    await h.SayAsync("anna", $"more {i}");
                }
            }),
            Task.Run(async () =>
            {
                for (var i = 0; i < 50; i++)
                {
                    await h.Engine.AddNoteAsync(ticket.Id, new AgentId("zoe"), $"note {i}");
                }
            }));

        Assert.Empty(sink.Problems);
        var appended = sink.Seen.OfType<MessageAppended>().Select(e => e.Message.Id).ToList();
        var stored = (await h.MessagesAsync(ticket.Id)).Select(m => m.Id).ToList();
        Assert.Equal(stored, appended);
    }

    /// <summary>Checks each event against the store as it arrives: the change it reports must already be committed.</summary>
    private sealed class CheckingSink(ITicketStore store) : ITicketEventSink
    {
        private readonly Lock _gate = new();

        public List<TicketEvent> Seen { get; } = [];

        public List<string> Problems { get; } = [];

        public async Task PublishAsync(TicketEvent ticketEvent, CancellationToken cancellationToken)
        {
            if (ticketEvent is MessageAppended appended)
            {
                var messages = await store.GetMessagesAsync(appended.TicketId, cancellationToken);
                if (!messages.Any(m => m.Id == appended.Message.Id))
                {
                    lock (_gate)
                    {
                        Problems.Add($"{appended.Message.Id} published before commit");
                    }
                }
            }

            lock (_gate)
            {
                Seen.Add(ticketEvent);
            }
        }
    }
}
