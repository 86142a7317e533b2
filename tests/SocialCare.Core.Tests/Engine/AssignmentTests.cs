using SocialCare.Core.Tests.TestChannel;

namespace SocialCare.Core.Tests.Engine;

public class AssignmentTests
{
    [Fact]
    public async Task RoundRobin_OverThousandTickets_IsFair()
    {
        await using var h = new EngineHarness(o => o.Assignment.Sticky = false);
        foreach (var agent in new[] { "a1", "a2", "a3", "a4", "a5", "a6", "a7" })
        {
            h.AddAgent(agent, capacity: 1000);
        }

        for (var i = 0; i < 1000; i++)
        {
            await h.SayAsync($"customer-{i}", "hello");
        }

        var counts = h.Store.GetTickets().GroupBy(t => t.Assignee).ToDictionary(g => g.Key!.Value, g => g.Count());
        Assert.Equal(7, counts.Count);
        Assert.True(counts.Values.Max() - counts.Values.Min() <= 1, string.Join(", ", counts.Values));
        Assert.Equal(1000, h.EventsOf<TicketAssigned>().Count(e => e.Reason == "round robin"));
    }

    [Theory]
    [InlineData(AssignmentStrategyKind.RoundRobin)]
    [InlineData(AssignmentStrategyKind.LeastLoaded)]
    public async Task Capacity_IsNeverExceeded_AndTheQueueDrainsWhenCapacityFrees(AssignmentStrategyKind strategy)
    {
        await using var h = new EngineHarness(o => o.Assignment.Strategy = strategy);
        h.AddAgent("a1", capacity: 2);
        h.AddAgent("a2", capacity: 3);
        List<Ticket> tickets = [];
        for (var i = 0; i < 8; i++)
        {
            tickets.Add(await h.SayAsync($"customer-{i}", i == 7 ? "it is broken" : "hello"));
            h.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var loads = await h.Store.CountByAssigneeAsync([TicketState.New, TicketState.Open], default);
        Assert.Equal(2, loads[new AgentId("a1")]);
        Assert.Equal(3, loads[new AgentId("a2")]);
        Assert.Equal(3, h.Store.GetTickets().Count(t => t.Assignee is null));

        // a1 resolves one: the queue's highest priority ticket (the complaint, though newest) goes to a1.
        var done = h.Store.GetTickets().First(t => t.Assignee == new AgentId("a1"));
        await h.Engine.ChangeStateAsync(done.Id, TicketState.Resolved, TicketActor.ForAgent(new AgentId("a1")));

        Assert.Equal(new AgentId("a1"), (await h.TicketAsync(tickets[7].Id)).Assignee);
        Assert.Equal(2, h.Store.GetTickets().Count(t => t.Assignee is null));
    }

    [Fact]
    public async Task Queue_DrainsWhenAnAgentBecomesAvailable()
    {
        await using var h = new EngineHarness();
        h.AddAgent("zoe", presence: AgentPresence.Offline);
        var first = await h.SayAsync("anna", "hello");
        var second = await h.SayAsync("bob", "hello");
        Assert.Null(first.Assignee);

        h.Agents.SetPresence(new AgentId("zoe"), AgentPresence.Available);
        var assigned = await h.Engine.AgentChangedAsync(new AgentId("zoe"));

        Assert.Equal(2, assigned);
        Assert.Equal(new AgentId("zoe"), (await h.TicketAsync(first.Id)).Assignee);
        Assert.Equal(new AgentId("zoe"), (await h.TicketAsync(second.Id)).Assignee);
    }

    [Fact]
    public async Task Queue_DoesNotMissATicketQueuedWhileCapacityFrees()
    {
        // Bob's ticket finds a1 full and is committed outside the assignment lock; while that commit is held back, a1
        // resolves Anna's ticket and the queue drains without seeing Bob's. Bob's ingest must then drain again.
        var gate = new HeldCommitStore(new InMemoryTicketStore());
        await using var h = new EngineHarness(store: gate);
        h.AddAgent("a1", capacity: 1);
        var anna = await h.SayAsync("anna", "hello");
        Assert.Equal(new AgentId("a1"), anna.Assignee);

        gate.HoldNextNewTicket();
        var bob = h.SayAsync("bob", "hello");
        await gate.Held.WaitAsync(TimeSpan.FromSeconds(10));
        await h.Engine.ChangeStateAsync(anna.Id, TicketState.Resolved, TicketActor.ForAgent(new AgentId("a1")));
        Assert.False(bob.IsCompleted);
        gate.Release();

        var ticket = await bob.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(new AgentId("a1"), (await h.TicketAsync(ticket.Id)).Assignee);
    }

    [Fact]
    public async Task Sticky_PrefersTheAgentWhoLastHelped_AndFallsBackWhenAway()
    {
        await using var h = new EngineHarness();
        h.AddAgent("a1");
        h.AddAgent("a2");
        var first = await h.SayAsync("anna", "hello");
        var helper = first.Assignee!.Value;
        await h.Engine.ChangeStateAsync(first.Id, TicketState.Resolved, TicketActor.ForAgent(helper));
        await h.Engine.ChangeStateAsync(first.Id, TicketState.Closed, TicketActor.System);
        await h.SayAsync("bob", "hello"); // moves the round robin on, so that only stickiness explains the next choice

        var followUp = await h.SayAsync("anna", "me again");
        Assert.Equal(helper, followUp.Assignee);
        Assert.StartsWith("sticky", h.EventsOf<TicketAssigned>().Last(e => e.TicketId == followUp.Id).Reason, StringComparison.Ordinal);

        await h.Engine.ChangeStateAsync(followUp.Id, TicketState.Resolved, TicketActor.ForAgent(helper));
        await h.Engine.ChangeStateAsync(followUp.Id, TicketState.Closed, TicketActor.System);
        h.Agents.SetPresence(helper, AgentPresence.Away);
        var third = await h.SayAsync("anna", "and again");

        Assert.NotNull(third.Assignee);
        Assert.NotEqual(helper, third.Assignee);
    }

    [Fact]
    public async Task Filters_MatchSkillLanguageAndChannel()
    {
        await using var h = new EngineHarness(o =>
        {
            o.Assignment.Sticky = false;
            o.Assignment.SkillKeywords["billing"] = ["invoice", "fattura"];
        });
        h.AddAgent("billing-en", skills: ["Billing"], languages: ["en"]);
        h.AddAgent("general-it", languages: ["it"]);
        h.AddAgent("whatsapp-only", channels: [Channels.WhatsApp]);
        var italian = await h.Customers.ResolveAsync(EngineHarness.Person("mario"), default);
        h.Customers.Update(italian with { Language = "it-IT" });

        var invoice = await h.SayAsync("anna", "wrong invoice");
        var ciao = await h.SayAsync("mario", "ciao");
        var whatsapp = await h.SayAsync("luca", "hi", channel: Channels.WhatsApp);

        Assert.Equal(["billing"], invoice.RequiredSkills);
        Assert.Equal(new AgentId("billing-en"), invoice.Assignee);
        Assert.Equal(new AgentId("general-it"), ciao.Assignee);
        Assert.NotNull(whatsapp.Assignee);
        var messengerTickets = h.Store.GetTickets().Where(t => t.Conversation.Channel == Channels.Messenger);
        Assert.DoesNotContain(messengerTickets, t => t.Assignee == new AgentId("whatsapp-only"));
    }

    [Fact]
    public async Task Offline_ReassignsTheAgentsTickets_WhenConfigured()
    {
        await using var h = new EngineHarness(o => o.Assignment.ReassignWhenOffline = true);
        h.AddAgent("a1");
        var ticket = await h.SayAsync("anna", "hello");
        h.AddAgent("a2");
        var holder = ticket.Assignee!.Value;

        h.Agents.SetPresence(holder, AgentPresence.Offline);
        var moved = await h.Engine.AgentChangedAsync(holder);

        Assert.Equal(1, moved);
        var after = await h.TicketAsync(ticket.Id);
        Assert.NotNull(after.Assignee);
        Assert.NotEqual(holder, after.Assignee);
        Assert.Contains(h.EventsOf<TicketAssigned>(), e => e.TicketId == ticket.Id && e.Assignee is null && e.Reason == "assignee went offline");
    }

    [Fact]
    public async Task Offline_KeepsTickets_ByDefault()
    {
        await using var h = new EngineHarness();
        h.AddAgent("a1");
        h.AddAgent("a2");
        var ticket = await h.SayAsync("anna", "hello");
        var holder = ticket.Assignee!.Value;

        h.Agents.SetPresence(holder, AgentPresence.Offline);
        await h.Engine.AgentChangedAsync(holder);

        Assert.Equal(holder, (await h.TicketAsync(ticket.Id)).Assignee);
    }

    [Fact]
    public async Task ManualAssignment_ChecksTheAgentAndRecordsIt()
    {
        await using var h = new EngineHarness(o => o.Assignment.Enabled = false);
        h.AddAgent("zoe");
        var ticket = await h.SayAsync("anna", "hello");
        Assert.Null(ticket.Assignee);

        var unknown = await h.Engine.AssignAsync(ticket.Id, new AgentId("ghost"), TicketActor.System);
        var assigned = await h.Engine.AssignAsync(ticket.Id, new AgentId("zoe"), TicketActor.ForAgent(new AgentId("boss")));

        Assert.Equal(TicketCommandError.UnknownAgent, unknown.Error);
        Assert.Equal(new AgentId("zoe"), assigned.Ticket!.Assignee);
        var assignedEvent = Assert.Single(h.EventsOf<TicketAssigned>());
        Assert.Equal("manual", assignedEvent.Reason);
    }

    /// <summary>Holds back the next commit that creates a ticket until released.</summary>
    private sealed class HeldCommitStore(ITicketStore inner) : ForwardingStore(inner)
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _armed;

        public Task Held => _held.Task;

        public void HoldNextNewTicket() => Volatile.Write(ref _armed, 1);

        public void Release() => _release.SetResult();

        public override async Task<CommitOutcome> CommitAsync(TicketChangeSet changes, CancellationToken cancellationToken)
        {
            if (changes.Tickets.Any(t => t.ExpectedVersion == 0) && Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _held.SetResult();
                await _release.Task.WaitAsync(cancellationToken);
            }

            return await base.CommitAsync(changes, cancellationToken);
        }
    }
}
