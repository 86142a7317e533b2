namespace SocialCare.Core.Tests.Engine;

public class ThreadingTests
{
    [Fact]
    public async Task FirstMessage_OpensNewTicketWithHistoryAndEvents()
    {
        await using var h = new EngineHarness();

        var ticket = await h.SayAsync("anna", "hello");

        Assert.Equal(TicketState.New, ticket.State);
        Assert.Equal(1, ticket.Version);
        Assert.Equal(h.Time.GetUtcNow(), ticket.LastCustomerMessageAt);
        var history = Assert.Single(await h.HistoryAsync(ticket.Id));
        Assert.Equal("created", history.Reason);
        Assert.Collection(
            h.Sink.Events,
            e => Assert.IsType<TicketCreated>(e),
            e => Assert.IsType<MessageAppended>(e));
    }

    [Fact]
    public async Task NextMessage_JoinsTheActiveTicket()
    {
        await using var h = new EngineHarness();
        var first = await h.SayAsync("anna", "hello");
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var second = await h.SayAsync("anna", "anyone there?");

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, (await h.MessagesAsync(first.Id)).Count);
        Assert.Single(h.EventsOf<TicketCreated>());
    }

    [Fact]
    public async Task PublicThread_IsThreadedByRootPostAndCustomer()
    {
        await using var h = new EngineHarness();

        var annaOnPost1 = await h.SayAsync("anna", "broken again", post: "post-1");
        var annaAgainOnPost1 = await h.SayAsync("anna", "still broken", post: "post-1");
        var bobOnPost1 = await h.SayAsync("bob", "me too", post: "post-1");
        var annaOnPost2 = await h.SayAsync("anna", "and here", post: "post-2");

        Assert.Equal(annaOnPost1.Id, annaAgainOnPost1.Id);
        Assert.NotEqual(annaOnPost1.Id, bobOnPost1.Id);
        Assert.NotEqual(annaOnPost1.Id, annaOnPost2.Id);
        Assert.Equal(ConversationVisibility.Public, annaOnPost1.Conversation.Visibility);
    }

    [Theory]
    [InlineData(TicketState.Pending)]
    [InlineData(TicketState.OnHold)]
    public async Task CustomerReply_OnWaitingTicket_OpensIt(TicketState waiting)
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "hello");
        Assert.True((await h.Engine.ChangeStateAsync(ticket.Id, waiting, TicketActor.ForAgent(new AgentId("zoe")))).Succeeded);
        h.Time.Advance(TimeSpan.FromHours(2));

        var after = await h.SayAsync("anna", "here is the order number");

        Assert.Equal(ticket.Id, after.Id);
        Assert.Equal(TicketState.Open, after.State);
        var last = (await h.HistoryAsync(ticket.Id))[^1];
        Assert.Equal((waiting, TicketState.Open, AuthorKind.Customer), (last.From, last.To, last.Actor));
        Assert.Equal("customer replied", last.Reason);
    }

    [Fact]
    public async Task Resolved_CustomerWritesAfterThreeDays_ReopensTheSameTicket()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "hello");
        await h.Engine.ChangeStateAsync(ticket.Id, TicketState.Resolved, TicketActor.ForAgent(new AgentId("zoe")));
        h.Time.Advance(TimeSpan.FromDays(3));

        var after = await h.SayAsync("anna", "it broke again");

        Assert.Equal(ticket.Id, after.Id);
        Assert.Equal(TicketState.Open, after.State);
        Assert.Equal(1, after.ReopenCount);
        Assert.Contains(h.EventsOf<TicketStateChanged>(), e => e is { From: TicketState.Resolved, To: TicketState.Open });
    }

    [Fact]
    public async Task Resolved_CustomerWritesAfterEightDays_OpensNewTicketLinkedToTheOld()
    {
        // Keep resolved tickets open to replies, so that only the reopen window decides.
        await using var h = new EngineHarness(o => o.Lifecycle.CloseResolvedAfter = null);
        var ticket = await h.SayAsync("anna", "hello");
        await h.Engine.ChangeStateAsync(ticket.Id, TicketState.Resolved, TicketActor.ForAgent(new AgentId("zoe")));
        h.Time.Advance(TimeSpan.FromDays(8));

        var after = await h.SayAsync("anna", "new problem");

        Assert.NotEqual(ticket.Id, after.Id);
        Assert.Equal(ticket.Id, after.PreviousTicket);
        Assert.Equal(TicketState.New, after.State);
        var old = await h.TicketAsync(ticket.Id);
        Assert.Equal(TicketState.Closed, old.State);
        Assert.Equal(0, old.ReopenCount);
    }

    [Fact]
    public async Task Resolved_WithDefaults_ClosesAfterFourDaysEvenWithoutTheScheduler_ThenFollowsUp()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "hello");
        await h.Engine.ChangeStateAsync(ticket.Id, TicketState.Resolved, TicketActor.ForAgent(new AgentId("zoe")));
        var resolvedAt = h.Time.GetUtcNow();
        h.Time.Advance(TimeSpan.FromDays(5));

        var after = await h.SayAsync("anna", "one more thing");

        Assert.Equal(ticket.Id, after.PreviousTicket);
        var closing = (await h.HistoryAsync(ticket.Id))[^1];
        Assert.Equal((TicketState.Resolved, TicketState.Closed), (closing.From, closing.To));
        Assert.Equal(resolvedAt + TimeSpan.FromDays(4), closing.At);
    }

    [Fact]
    public async Task ReopenWindow_IsConfigurablePerChannel()
    {
        await using var h = new EngineHarness(o =>
        {
            o.Lifecycle.CloseResolvedAfter = null;
            o.ChannelLifecycle[Channels.WhatsApp] = new TicketLifecycleOptions { ReopenResolvedWithin = TimeSpan.FromDays(1), CloseResolvedAfter = null };
        });
        var onMessenger = await h.SayAsync("anna", "hello");
        var onWhatsApp = await h.SayAsync("anna", "hello", channel: Channels.WhatsApp);
        await h.Engine.ChangeStateAsync(onMessenger.Id, TicketState.Resolved, TicketActor.System);
        await h.Engine.ChangeStateAsync(onWhatsApp.Id, TicketState.Resolved, TicketActor.System);
        h.Time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(onMessenger.Id, (await h.SayAsync("anna", "again")).Id);
        Assert.NotEqual(onWhatsApp.Id, (await h.SayAsync("anna", "again", channel: Channels.WhatsApp)).Id);
    }

    [Fact]
    public async Task Closed_CustomerWrites_OpensFollowUpTicket()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "hello");
        await h.Engine.ChangeStateAsync(ticket.Id, TicketState.Resolved, TicketActor.System);
        await h.Engine.ChangeStateAsync(ticket.Id, TicketState.Closed, TicketActor.System);
        h.Time.Advance(TimeSpan.FromMinutes(1));

        var followUp = await h.SayAsync("anna", "forgot to ask");

        Assert.NotEqual(ticket.Id, followUp.Id);
        Assert.Equal(ticket.Id, followUp.PreviousTicket);
        Assert.Equal($"follow-up of {ticket.Id}", (await h.HistoryAsync(followUp.Id))[0].Reason);
        Assert.Equal(TicketState.Closed, (await h.TicketAsync(ticket.Id)).State);
    }

    [Fact]
    public async Task Merge_MovesMessagesAndRoutesLaterMessagesToTheTarget()
    {
        await using var h = new EngineHarness();
        var target = await h.SayAsync("anna", "my order is late");
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var source = await h.SayAsync("anna", "order 42 late", channel: Channels.WhatsApp);
        h.Time.Advance(TimeSpan.FromMinutes(1));

        var merged = await h.Engine.MergeAsync(source.Id, target.Id, TicketActor.ForAgent(new AgentId("zoe")));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        var later = await h.SayAsync("anna", "any news?", channel: Channels.WhatsApp);

        Assert.True(merged.Succeeded);
        var sourceNow = await h.TicketAsync(source.Id);
        Assert.Equal((TicketState.Merged, target.Id), (sourceNow.State, sourceNow.MergedInto!.Value));
        Assert.Equal(target.Id, later.Id);
        var texts = (await h.MessagesAsync(target.Id)).Select(m => ((TextPart)m.Parts[0]).Text);
        Assert.Equal(["my order is late", "order 42 late", "any news?"], texts);
        Assert.Empty(await h.MessagesAsync(source.Id));
        var mergedEvent = Assert.Single(h.EventsOf<TicketMerged>());
        Assert.Equal((source.Id, target.Id, 1), (mergedEvent.TicketId, mergedEvent.Target, mergedEvent.MovedMessages));
    }

    [Fact]
    public async Task Merge_RefusesItselfAndInactiveTargets()
    {
        await using var h = new EngineHarness();
        var a = await h.SayAsync("anna", "hello");
        var b = await h.SayAsync("bob", "hello");
        await h.Engine.ChangeStateAsync(b.Id, TicketState.Resolved, TicketActor.System);
        await h.Engine.ChangeStateAsync(b.Id, TicketState.Closed, TicketActor.System);

        var self = await h.Engine.MergeAsync(a.Id, a.Id, TicketActor.System);
        var intoClosed = await h.Engine.MergeAsync(a.Id, b.Id, TicketActor.System);
        var closedSource = await h.Engine.MergeAsync(b.Id, a.Id, TicketActor.System);
        var missing = await h.Engine.MergeAsync(a.Id, new TicketId("nope"), TicketActor.System);

        Assert.Equal(TicketCommandError.SameTicket, self.Error);
        Assert.Equal(TicketCommandError.TicketInactive, intoClosed.Error);
        Assert.Equal((TicketCommandError.TransitionRejected, TransitionRejection.Terminal), (closedSource.Error, closedSource.Transition));
        Assert.Equal(TicketCommandError.NotFound, missing.Error);
        Assert.Equal(TicketState.New, (await h.TicketAsync(a.Id)).State);
    }

    [Fact]
    public async Task OtherChannel_JoinsTheCustomersActiveTicket_OnlyWhenEnabledAndLinked()
    {
        await using var on = new EngineHarness(o => o.JoinAcrossChannels = true);
        await using var off = new EngineHarness();
        foreach (var h in new[] { on, off })
        {
            var first = await h.SayAsync("anna", "hello on messenger");
            h.Customers.Link(first.Customer, EngineHarness.Person("+39333", Channels.WhatsApp));
        }

        var joined = await on.SayAsync("+39333", "same question on WhatsApp", channel: Channels.WhatsApp);
        var separate = await off.SayAsync("+39333", "same question on WhatsApp", channel: Channels.WhatsApp);

        Assert.Equal(Channels.Messenger, joined.Conversation.Channel);
        Assert.Equal(2, (await on.MessagesAsync(joined.Id)).Count);
        Assert.Equal(Channels.WhatsApp, separate.Conversation.Channel);
        Assert.Equal(2, off.Store.TicketCount);
    }

    [Fact]
    public async Task Reaction_OnClosedConversation_OpensNothing()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "thanks for the help");
        await h.Engine.ChangeStateAsync(ticket.Id, TicketState.Resolved, TicketActor.System);
        await h.Engine.ChangeStateAsync(ticket.Id, TicketState.Closed, TicketActor.System);
        var person = EngineHarness.Person("anna");

        await h.DeliverAsync(new ReactionChanged(
            new IdempotencyKey(person.Channel, person.Account, "react-1"),
            ConversationRef.PrivateWith(person),
            person,
            h.Time.GetUtcNow(),
            new ReactionPart("❤", new NetworkMessageId("mid-e1"))));

        Assert.Equal(1, h.Store.TicketCount);
        Assert.Equal(2, (await h.MessagesAsync(ticket.Id)).Count);
        Assert.Equal(TicketState.Closed, (await h.TicketAsync(ticket.Id)).State);
    }

    [Fact]
    public async Task ThousandConcurrentFirstMessages_FromOneCustomer_MakeExactlyOneTicketWithAllMessages()
    {
        await using var h = new EngineHarness();
        var person = EngineHarness.Person("anna");
        var customer = await h.Customers.ResolveAsync(person, default);
        var conversation = ConversationRef.PrivateWith(person);
        var start = h.Time.GetUtcNow();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Task.Run(() => h.Handler.HandleAsync(
            new InboundContext(
                new InboundEnvelope(new MessageReceived(
                    new IdempotencyKey(person.Channel, person.Account, $"burst-{i}"),
                    conversation,
                    person,
                    start.AddMilliseconds(i),
                    new NetworkMessageId($"burst-mid-{i}"),
                    [new TextPart($"message {i}")])),
                customer),
            default))));

        Assert.All(outcomes, o => Assert.Equal(InboundOutcome.Applied, o));
        var ticket = Assert.Single(h.Store.GetTickets());
        var messages = await h.MessagesAsync(ticket.Id);
        Assert.Equal(1000, messages.Count);
        Assert.Equal(1000, messages.Select(m => m.NetworkId).Distinct().Count());
        Assert.Equal(1000, ticket.Version);
        Assert.Single(h.EventsOf<TicketCreated>());
        Assert.Equal(1000, h.EventsOf<MessageAppended>().Count);
    }

    [Fact]
    public async Task SameEventTwice_ChangesNothingTheSecondTime()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "hello", eventId: "dup");
        var events = h.Sink.Events.Count;

        var person = EngineHarness.Person("anna");
        var outcome = await h.DeliverAsync(new MessageReceived(
            new IdempotencyKey(person.Channel, person.Account, "dup"),
            ConversationRef.PrivateWith(person),
            person,
            h.Time.GetUtcNow(),
            new NetworkMessageId("mid-dup-other"),
            [new TextPart("hello")]));

        Assert.Equal(InboundOutcome.Duplicate, outcome);
        Assert.Single(await h.MessagesAsync(ticket.Id));
        Assert.Equal(events, h.Sink.Events.Count);
    }
}

public class SharedStoreTests
{
    [Fact]
    public async Task TwoEngines_OnOneStore_RetryConcurrentWrites_AndLoseOrDuplicateNothing()
    {
        // Two app instances behind a load balancer: separate engines (separate locks), one store and one directory.
        // With a single attempt allowed, this test fails with TicketConcurrencyException: the retries are what it proves.
        var store = new InMemoryTicketStore();
        await using var a = new EngineHarness(o => o.MaxConcurrencyAttempts = 100, b => b.Services.AddSingleton<ITicketStore>(store));
        await using var b = new EngineHarness(o => o.MaxConcurrencyAttempts = 100, b => b.Services.AddSingleton<ITicketStore>(store).AddSingleton<ICustomerDirectory>(a.Customers));
        var person = EngineHarness.Person("anna");
        var customer = await a.Customers.ResolveAsync(person, default);
        var conversation = ConversationRef.PrivateWith(person);

        Task<InboundOutcome> Deliver(EngineHarness engine, int i) => Task.Run(() => engine.Handler.HandleAsync(
            new InboundContext(
                new InboundEnvelope(new MessageReceived(
                    new IdempotencyKey(person.Channel, person.Account, $"e{i}"),
                    conversation,
                    person,
                    a.Time.GetUtcNow().AddMilliseconds(i),
                    new NetworkMessageId($"m{i}"),
                    [new TextPart($"message {i}")])),
                customer),
            default));

        // Every event goes to both instances, as when a network redelivers to another node.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).SelectMany(i => new[] { Deliver(a, i), Deliver(b, i) }));

        var ticket = Assert.Single(store.GetTickets());
        var messages = await store.GetMessagesAsync(ticket.Id, default);
        Assert.Equal(200, messages.Count);
        Assert.Equal(200, messages.Select(m => m.NetworkId).Distinct().Count());
        Assert.Equal(200, outcomes.Count(o => o == InboundOutcome.Applied));
        Assert.Equal(200, outcomes.Count(o => o == InboundOutcome.Duplicate));
        Assert.Equal(200, ticket.Version);
    }
}
