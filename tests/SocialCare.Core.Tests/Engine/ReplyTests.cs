namespace SocialCare.Core.Tests.Engine;

public class ReplyTests
{
    [Fact]
    public async Task Reply_GoesThroughTheOutbox_AndTheDispatcherRecordsTheNetworkId()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "hello");
        h.Time.Advance(TimeSpan.FromMinutes(3));

        var reply = await h.ReplyAsync(ticket.Id, "zoe", "Hi Anna!");

        Assert.True(reply.Succeeded);
        Assert.Equal(DeliveryStatus.Pending, reply.Message!.Status);
        Assert.Equal(OutboxState.Queued, (await h.Store.GetOutboxEntryAsync(reply.Message.Id, default))!.State);
        var replied = await h.TicketAsync(ticket.Id);
        Assert.Equal((TicketState.Open, h.Time.GetUtcNow(), h.Time.GetUtcNow()), (replied.State, replied.FirstResponseAt!.Value, replied.LastAgentMessageAt!.Value));
        Assert.Equal(new AgentId("zoe"), replied.Assignee);
        Assert.Empty(h.Messenger.Sent);

        Assert.Equal(1, await h.Scheduler.DispatchOutboxAsync());
        Assert.Equal(0, await h.Scheduler.DispatchOutboxAsync());

        var sent = Assert.Single(h.Messenger.Sent);
        Assert.Equal((reply.Message.Id, EngineHarness.Person("anna"), new AgentId("zoe")), (sent.Id, sent.Recipient!, sent.Agent!.Value));
        var stored = (await h.MessagesAsync(ticket.Id))[^1];
        Assert.Equal((DeliveryStatus.Sent, new NetworkMessageId("messenger-out-1")), (stored.Status, stored.NetworkId!.Value));
        Assert.Equal(OutboxState.Sent, (await h.Store.GetOutboxEntryAsync(reply.Message.Id, default))!.State);
        Assert.Contains(h.EventsOf<MessageUpdated>(), e => e.Message.Id == reply.Message.Id && e.Message.Status == DeliveryStatus.Sent);
    }

    [Fact]
    public async Task PermanentFailure_MarksTheReplyFailed_AndTellsTheSinks()
    {
        await using var h = new EngineHarness();
        h.Messenger.Respond = _ => SendResult.Failed(new ChannelError("10", "Sent outside of allowed window") { OutsideReplyWindow = true });
        var ticket = await h.SayAsync("anna", "hello");
        var reply = await h.ReplyAsync(ticket.Id, "zoe", "Hi!");

        await h.Scheduler.DispatchOutboxAsync();
        await h.Scheduler.DispatchOutboxAsync();

        Assert.Single(h.Messenger.Sent);
        var failed = Assert.Single(h.EventsOf<ReplyFailed>());
        Assert.Equal((reply.Message!.Id, "10"), (failed.Message.Id, failed.Failure.Code));
        var stored = (await h.MessagesAsync(ticket.Id))[^1];
        Assert.Equal(DeliveryStatus.Failed, stored.Status);
        Assert.Equal("Sent outside of allowed window", stored.Failure!.Reason);
        Assert.Equal(OutboxState.Failed, (await h.Store.GetOutboxEntryAsync(reply.Message.Id, default))!.State);
    }

    [Fact]
    public async Task TransientFailure_IsRetriedAfterTheDelay_ThenSucceeds()
    {
        await using var h = new EngineHarness(o => o.Outbox.RetryDelay = TimeSpan.FromSeconds(10));
        var calls = 0;
        h.Messenger.Respond = _ => ++calls == 1
            ? SendResult.Failed(new ChannelError("429", "Too many calls") { IsTransient = true })
            : SendResult.Sent(new NetworkMessageId("late-but-sent"));
        var ticket = await h.SayAsync("anna", "hello");
        await h.ReplyAsync(ticket.Id, "zoe", "Hi!");

        await h.Scheduler.DispatchOutboxAsync();
        h.Time.Advance(TimeSpan.FromSeconds(9));
        await h.Scheduler.DispatchOutboxAsync();
        Assert.Equal(1, calls);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.Scheduler.DispatchOutboxAsync();

        Assert.Equal(2, calls);
        Assert.Equal(new NetworkMessageId("late-but-sent"), (await h.MessagesAsync(ticket.Id))[^1].NetworkId);
        Assert.Empty(h.EventsOf<ReplyFailed>());
    }

    [Fact]
    public async Task TransientFailures_GiveUpAfterMaxAttempts()
    {
        await using var h = new EngineHarness(o =>
        {
            o.Outbox.MaxAttempts = 2;
            o.Outbox.RetryDelay = TimeSpan.Zero;
        });
        h.Messenger.Respond = _ => SendResult.Failed(new ChannelError("500", "Server error") { IsTransient = true });
        var ticket = await h.SayAsync("anna", "hello");
        await h.ReplyAsync(ticket.Id, "zoe", "Hi!");

        await h.Scheduler.DispatchOutboxAsync();
        await h.Scheduler.DispatchOutboxAsync();

        Assert.Equal(2, h.Messenger.Sent.Count);
        Assert.Single(h.EventsOf<ReplyFailed>());
    }

    [Fact]
    public async Task AdapterThatThrows_IsNotAskedAgain_SoNothingIsSentTwice()
    {
        await using var h = new EngineHarness();
        h.Messenger.Respond = _ => throw new HttpRequestException("connection reset");
        var ticket = await h.SayAsync("anna", "hello");
        await h.ReplyAsync(ticket.Id, "zoe", "Hi!");

        await h.Scheduler.DispatchOutboxAsync();
        await h.Scheduler.DispatchOutboxAsync();

        Assert.Single(h.Messenger.Sent);
        Assert.Equal("send_error", Assert.Single(h.EventsOf<ReplyFailed>()).Failure.Code);
    }

    [Fact]
    public async Task Messenger_AfterTheDayWindow_SendsWithTheHumanAgentTag_UntilSevenDays()
    {
        await using var h = new EngineHarness(o => o.Lifecycle.CloseResolvedAfter = null);
        var ticket = await h.SayAsync("anna", "hello");
        h.Time.Advance(TimeSpan.FromDays(3));

        var options = await h.Engine.GetReplyOptionsAsync(ticket.Id);
        var tagged = await h.ReplyAsync(ticket.Id, "zoe", "Sorry for the wait");
        await h.Scheduler.DispatchOutboxAsync();
        h.Time.Advance(TimeSpan.FromDays(5));
        var late = await h.ReplyAsync(ticket.Id, "zoe", "Still there?");

        Assert.Equal((ReplyMode.TagRequired, "HUMAN_AGENT", EngineHarness.Start.AddDays(7)), (options!.Mode, options.Tag, options.Until!.Value));
        Assert.True(tagged.Succeeded);
        Assert.Equal("HUMAN_AGENT", Assert.Single(h.Messenger.Sent).MessagingTag);
        Assert.Equal(ReplyRejection.WindowClosed, late.Rejection);
        Assert.Equal(ReplyMode.Nothing, late.Options!.Mode);
    }

    [Fact]
    public async Task WhatsApp_OutsideTheWindow_NeedsATemplate()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "hello", channel: Channels.WhatsApp);
        h.Time.Advance(TimeSpan.FromHours(25));

        var text = await h.ReplyAsync(ticket.Id, "zoe", "Your order shipped");
        var template = await h.ReplyAsync(ticket.Id, "zoe", "", template: new MessageTemplate("order_update", "en_US"));
        await h.Scheduler.DispatchOutboxAsync();

        Assert.Equal(ReplyRejection.TemplateRequired, text.Rejection);
        Assert.True(template.Succeeded);
        Assert.Equal("order_update", Assert.Single(h.WhatsApp.Sent).Template!.Name);
    }

    [Fact]
    public async Task PublicComment_IsAnsweredInPublic_OrPrivatelyWithinSevenDays()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "my order never came", post: "post-7", eventId: "c1");

        var publicReply = await h.ReplyAsync(ticket.Id, "zoe", "Sorry! We sent you a message.");
        var privateReply = await h.ReplyAsync(ticket.Id, "zoe", "Could you send the order number?", isPrivate: true);
        await h.Scheduler.DispatchOutboxAsync();
        h.Time.Advance(TimeSpan.FromDays(8));
        var tooLate = await h.ReplyAsync(ticket.Id, "zoe", "Hello again", isPrivate: true);

        Assert.True(publicReply.Succeeded && privateReply.Succeeded);
        Assert.All(h.Comments.Sent, m => Assert.Equal(new NetworkMessageId("mid-c1"), m.ReplyTo));
        Assert.Equal([false, true], h.Comments.Sent.Select(m => m.PrivateReply));
        Assert.Equal(ReplyRejection.PrivateReplyUnavailable, tooLate.Rejection);
        Assert.Equal(ReplyMode.PublicOnly, tooLate.Options!.Mode);
    }

    [Fact]
    public async Task Reply_IsCheckedAgainstTheChannel()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "hello");

        var tooLong = await h.ReplyAsync(ticket.Id, "zoe", new string('x', 2001));
        var location = await h.Engine.ReplyAsync(new ReplyRequest(ticket.Id, new AgentId("zoe"), [new LocationPart(45.46, 9.19)]));
        var empty = await h.ReplyAsync(ticket.Id, "zoe", "");
        var missing = await h.ReplyAsync(new TicketId("nope"), "zoe", "hi");
        var stranger = await h.ReplyAsync(ticket.Id, "mallory", "hi");
        var strangerNote = await h.Engine.AddNoteAsync(ticket.Id, new AgentId("mallory"), "hi");

        Assert.Equal(ReplyRejection.TextTooLong, tooLong.Rejection);
        Assert.Equal(ReplyRejection.UnsupportedContent, location.Rejection);
        Assert.Equal(ReplyRejection.Empty, empty.Rejection);
        Assert.Equal(ReplyRejection.TicketNotFound, missing.Rejection);
        Assert.Equal(ReplyRejection.UnknownAgent, stranger.Rejection);
        Assert.Equal(ReplyRejection.UnknownAgent, strangerNote.Rejection);
        Assert.Single(await h.MessagesAsync(ticket.Id));
        Assert.Null((await h.TicketAsync(ticket.Id)).Assignee);
    }

    [Fact]
    public async Task Reply_OnClosedTicket_IsRefused_AndUnknownChannelsToo()
    {
        await using var h = new EngineHarness();
        var closed = await h.SayAsync("anna", "hello");
        await h.Engine.ChangeStateAsync(closed.Id, TicketState.Resolved, TicketActor.System);
        await h.Engine.ChangeStateAsync(closed.Id, TicketState.Closed, TicketActor.System);
        var elsewhere = await h.SayAsync("bob", "hello", channel: new ChannelId("fax"));

        Assert.Equal(ReplyRejection.TicketInactive, (await h.ReplyAsync(closed.Id, "zoe", "hi")).Rejection);
        Assert.Equal(ReplyRejection.UnknownChannel, (await h.ReplyAsync(elsewhere.Id, "zoe", "hi")).Rejection);
        Assert.Equal(ReplyMode.Nothing, (await h.Engine.GetReplyOptionsAsync(closed.Id))!.Mode);
        Assert.Null(await h.Engine.GetReplyOptionsAsync(elsewhere.Id));
    }

    [Fact]
    public async Task Reply_CanMoveTheTicketOn()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "hello");

        var pending = await h.ReplyAsync(ticket.Id, "zoe", "What is your order number?", then: TicketState.Pending);
        var merged = await h.ReplyAsync(ticket.Id, "zoe", "x", then: TicketState.Merged);

        Assert.True(pending.Succeeded);
        Assert.Equal(TicketState.Pending, (await h.TicketAsync(ticket.Id)).State);
        Assert.Equal(ReplyRejection.StateChangeRejected, merged.Rejection);
    }

    [Fact]
    public async Task Note_NeverLeavesTheSystem_AndIsNotAnAnswer()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "hello");

        var note = await h.Engine.AddNoteAsync(ticket.Id, new AgentId("zoe"), "VIP, handle with care");
        await h.Scheduler.DispatchOutboxAsync();

        Assert.True(note.Succeeded);
        Assert.Equal(ConversationVisibility.Internal, note.Message!.Conversation.Visibility);
        Assert.Empty(h.Messenger.Sent);
        Assert.Null(await h.Store.GetOutboxEntryAsync(note.Message.Id, default));
        var after = await h.TicketAsync(ticket.Id);
        Assert.Null(after.FirstResponseAt);
        Assert.Equal(TicketState.New, after.State);
    }

    [Fact]
    public async Task DeliveryStatuses_FromWebhooks_UpdateTheReply_AndAFailureIsReported()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "hello", channel: Channels.WhatsApp);
        var first = await h.ReplyAsync(ticket.Id, "zoe", "one");
        var second = await h.ReplyAsync(ticket.Id, "zoe", "two");
        await h.Scheduler.DispatchOutboxAsync();
        var person = EngineHarness.Person("anna", Channels.WhatsApp);

        await h.DeliverAsync(new DeliveryStatusChanged(new IdempotencyKey(Channels.WhatsApp, EngineHarness.Account, "s1"), ConversationRef.PrivateWith(person), person, h.Time.GetUtcNow(), DeliveryStatus.Read)
        {
            MessageId = new NetworkMessageId("whatsapp-out-1"),
        });
        await h.DeliverAsync(new DeliveryStatusChanged(new IdempotencyKey(Channels.WhatsApp, EngineHarness.Account, "s2"), ConversationRef.PrivateWith(person), person, h.Time.GetUtcNow(), DeliveryStatus.Failed)
        {
            MessageId = new NetworkMessageId("whatsapp-out-2"),
            Failure = new DeliveryFailure("131047", "Re-engagement message"),
        });

        var messages = await h.MessagesAsync(ticket.Id);
        Assert.Equal(DeliveryStatus.Read, messages.Single(m => m.Id == first.Message!.Id).Status);
        Assert.Equal(DeliveryStatus.Failed, messages.Single(m => m.Id == second.Message!.Id).Status);
        Assert.Equal("131047", Assert.Single(h.EventsOf<ReplyFailed>()).Failure.Code);
    }

    [Fact]
    public async Task Echo_OfOurOwnReply_AddsNothing()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "hello");
        await h.ReplyAsync(ticket.Id, "zoe", "Hi!");
        await h.Scheduler.DispatchOutboxAsync();
        var person = EngineHarness.Person("anna");

        var outcome = await h.DeliverAsync(new MessageReceived(
            new IdempotencyKey(Channels.Messenger, EngineHarness.Account, "echo-1"),
            ConversationRef.PrivateWith(person),
            person,
            h.Time.GetUtcNow(),
            new NetworkMessageId("messenger-out-1"),
            [new TextPart("Hi!")])
        { Direction = MessageDirection.Outbound, Author = AuthorKind.Agent });

        Assert.Equal(InboundOutcome.Ignored, outcome);
        Assert.Equal(2, (await h.MessagesAsync(ticket.Id)).Count);
    }

    [Fact]
    public async Task AgentsAnswerFromTheNetworksApp_CountsAsAFirstResponse()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "hello");
        h.Time.Advance(TimeSpan.FromMinutes(4));
        var person = EngineHarness.Person("anna");

        await h.DeliverAsync(new MessageReceived(
            new IdempotencyKey(Channels.Messenger, EngineHarness.Account, "echo-native"),
            ConversationRef.PrivateWith(person),
            person,
            h.Time.GetUtcNow(),
            new NetworkMessageId("typed-in-page-inbox"),
            [new TextPart("Hi from the Page inbox")])
        { Direction = MessageDirection.Outbound, Author = AuthorKind.Agent });

        var after = await h.TicketAsync(ticket.Id);
        Assert.Equal((TicketState.Open, h.Time.GetUtcNow()), (after.State, after.FirstResponseAt!.Value));
        Assert.Equal(DeliveryStatus.Sent, (await h.MessagesAsync(ticket.Id))[^1].Status);
    }

    [Fact]
    public async Task ConcurrentReplyAndCustomerMessages_LoseNothing()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "hello");

        await Task.WhenAll(
            Task.Run(async () =>
            {
                for (var i = 0; i < 100; i++)
                {
                    Assert.True((await h.ReplyAsync(ticket.Id, "zoe", $"reply {i}")).Succeeded);
                }
            }),
            Task.Run(async () =>
            {
                for (var i = 0; i < 100; i++)
                {
                    await h.SayAsync("anna", $"question {i}");
                }
            }),
            Task.Run(async () =>
            {
                for (var i = 0; i < 20; i++)
                {
                    await h.Scheduler.DispatchOutboxAsync();
                    await Task.Yield();
                }
            }));
        await h.Scheduler.DispatchOutboxAsync();

        var messages = await h.MessagesAsync(ticket.Id);
        Assert.Equal(201, messages.Count);
        Assert.Equal(100, h.Messenger.Sent.Count);
        Assert.Equal(100, h.Messenger.Sent.Select(m => m.Id).Distinct().Count());
        Assert.All(messages.Where(m => m.Direction == MessageDirection.Outbound), m => Assert.Equal(DeliveryStatus.Sent, m.Status));
    }
}
