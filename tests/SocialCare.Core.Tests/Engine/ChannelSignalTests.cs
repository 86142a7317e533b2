using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Testing;

namespace SocialCare.Core.Tests.Engine;

/// <summary>Echoes, handover and private replies: what channels tell the engine beyond customers' messages.</summary>
public sealed class ChannelSignalTests
{
    private static MessageReceived Echo(EngineHarness h, string user, string mid, MessageId? localId, AuthorKind author = AuthorKind.Agent)
    {
        var person = EngineHarness.Person(user);
        return new MessageReceived(
            new IdempotencyKey(Channels.Messenger, EngineHarness.Account, mid),
            ConversationRef.PrivateWith(person),
            person,
            h.Time.GetUtcNow(),
            new NetworkMessageId(mid),
            [new TextPart("We are on it")])
        {
            Direction = MessageDirection.Outbound,
            Author = author,
            LocalId = localId,
        };
    }

    [Fact]
    public async Task Echo_OfOwnSendBeforeItsResult_IsMatchedToTheSentMessage()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("ivo", "where is my parcel?");
        var reply = await h.ReplyAsync(ticket.Id, "zoe", "We are on it");

        // The echo overtakes the Send API's answer.
        var outcome = await h.DeliverAsync(Echo(h, "ivo", "m_echo_1", reply.Message!.Id));
        h.Messenger.Respond = _ => SendResult.Sent(new NetworkMessageId("m_echo_1"));
        await h.Scheduler.DispatchOutboxAsync();

        Assert.Equal(InboundOutcome.Applied, outcome);
        var messages = await h.MessagesAsync(ticket.Id);
        Assert.Equal(2, messages.Count);
        var sent = messages[1];
        Assert.Equal(reply.Message!.Id, sent.Id);
        Assert.Equal(new NetworkMessageId("m_echo_1"), sent.NetworkId);
        Assert.Equal(DeliveryStatus.Sent, sent.Status);
    }

    [Fact]
    public async Task Echo_OfOwnSendAfterItsResult_AddsNothing()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("ivo", "where is my parcel?");
        var reply = await h.ReplyAsync(ticket.Id, "zoe", "We are on it");
        h.Messenger.Respond = _ => SendResult.Sent(new NetworkMessageId("m_echo_2"));
        await h.Scheduler.DispatchOutboxAsync();

        var withLocalId = await h.DeliverAsync(Echo(h, "ivo", "m_echo_2", reply.Message!.Id));
        var withoutLocalId = await h.DeliverAsync(Echo(h, "ivo", "m_echo_2", null) with { Key = new IdempotencyKey(Channels.Messenger, EngineHarness.Account, "again") });

        Assert.NotEqual(InboundOutcome.Applied, withLocalId);
        Assert.NotEqual(InboundOutcome.Applied, withoutLocalId);
        Assert.Equal(2, (await h.MessagesAsync(ticket.Id)).Count);
    }

    [Fact]
    public async Task Echo_FromAnotherApp_IsRecordedAsOutboundNeverAsTheCustomers()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("ivo", "where is my parcel?");

        await h.DeliverAsync(Echo(h, "ivo", "m_suite", localId: null));

        var messages = await h.MessagesAsync(ticket.Id);
        var echo = messages[^1];
        Assert.Equal(MessageDirection.Outbound, echo.Direction);
        Assert.Equal(AuthorKind.Agent, echo.Author);
        Assert.Null(echo.Sender);
        Assert.Equal(ticket.LastCustomerMessageAt, (await h.TicketAsync(ticket.Id)).LastCustomerMessageAt);
        Assert.NotNull((await h.TicketAsync(ticket.Id)).FirstResponseAt);
    }

    [Fact]
    public async Task Echo_WithUnknownLocalId_IsRecordedOnce()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("ivo", "where is my parcel?");

        await h.DeliverAsync(Echo(h, "ivo", "m_other", new MessageId("0195f0c2a1b27c3d8e9f0a1b2c3d4e5f")));

        Assert.Equal(2, (await h.MessagesAsync(ticket.Id)).Count);
    }

    [Fact]
    public async Task PagesOwnComment_AnsweringACustomer_JoinsThatCustomersTicket()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("maria", "Do you ship to Portugal?", post: "post-1", eventId: "c1");
        var page = new Participant(Channels.Comments, EngineHarness.Account, new NetworkUserId(EngineHarness.Account.Value));
        var answer = new MessageReceived(
            new IdempotencyKey(Channels.Comments, EngineHarness.Account, "c2"),
            EngineHarness.Public("post-1"),
            page,
            h.Time.GetUtcNow(),
            new NetworkMessageId("page-answer"),
            [new TextPart("Yes, we do!")])
        {
            Direction = MessageDirection.Outbound,
            Author = AuthorKind.Agent,
            ReplyTo = new NetworkMessageId("mid-c1"),
        };

        var outcome = await h.DeliverAsync(answer);

        Assert.Equal(InboundOutcome.Applied, outcome);
        Assert.Single(h.Store.GetTickets());
        var messages = await h.MessagesAsync(ticket.Id);
        Assert.Equal(MessageDirection.Outbound, messages[^1].Direction);
        Assert.Equal(new NetworkMessageId("page-answer"), messages[^1].NetworkId);
        Assert.Equal(TicketState.Open, (await h.TicketAsync(ticket.Id)).State);
    }

    [Fact]
    public async Task PagesOwnComment_EchoOfOurPublicReplyBeforeItsResult_IsMatchedNotDuplicated()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("maria", "Do you ship to Portugal?", post: "post-1", eventId: "c1");
        var reply = await h.ReplyAsync(ticket.Id, "zoe", "Yes, we do!");
        var page = new Participant(Channels.Comments, EngineHarness.Account, new NetworkUserId(EngineHarness.Account.Value));
        var echo = new MessageReceived(
            new IdempotencyKey(Channels.Comments, EngineHarness.Account, "c2"),
            EngineHarness.Public("post-1"),
            page,
            h.Time.GetUtcNow(),
            new NetworkMessageId("our-comment"),
            [new TextPart("Yes, we do!")])
        {
            Direction = MessageDirection.Outbound,
            Author = AuthorKind.Agent,
            ReplyTo = new NetworkMessageId("mid-c1"),
        };

        var outcome = await h.DeliverAsync(echo);
        h.Comments.Respond = _ => SendResult.Sent(new NetworkMessageId("our-comment"));
        await h.Scheduler.DispatchOutboxAsync();

        Assert.Equal(InboundOutcome.Applied, outcome);
        var messages = await h.MessagesAsync(ticket.Id);
        Assert.Equal(2, messages.Count);
        Assert.Equal(new NetworkMessageId("our-comment"), messages.Single(m => m.Id == reply.Message!.Id).NetworkId);
    }

    [Fact]
    public async Task PagesOwnComment_AnsweringNoKnownComment_OpensNothing()
    {
        await using var h = new EngineHarness();
        var page = new Participant(Channels.Comments, EngineHarness.Account, new NetworkUserId(EngineHarness.Account.Value));
        var own = new MessageReceived(
            new IdempotencyKey(Channels.Comments, EngineHarness.Account, "c9"),
            EngineHarness.Public("post-2"),
            page,
            h.Time.GetUtcNow(),
            new NetworkMessageId("page-note"),
            [new TextPart("New colours in stock")]) { Direction = MessageDirection.Outbound, Author = AuthorKind.Agent };

        var outcome = await h.DeliverAsync(own);

        Assert.Equal(InboundOutcome.Ignored, outcome);
        Assert.Empty(h.Store.GetTickets());
    }

    [Fact]
    public async Task Handover_ToAnotherApp_IsRecordedAndMarksTheTicket_UntilTheCustomerWritesToUsAgain()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("ivo", "refund please");
        var person = EngineHarness.Person("ivo");
        var handover = new ConversationControlChanged(
            new IdempotencyKey(Channels.Messenger, EngineHarness.Account, "take:1"),
            ConversationRef.PrivateWith(person),
            person,
            h.Time.GetUtcNow(),
            ConversationControl.Elsewhere) { OwnerAppId = "263902037430900", Metadata = "to a person" };

        await h.DeliverAsync(handover);
        var during = await h.TicketAsync(ticket.Id);
        var standby = new MessageReceived(
            new IdempotencyKey(Channels.Messenger, EngineHarness.Account, "m_sb"),
            ConversationRef.PrivateWith(person),
            person,
            h.Time.GetUtcNow(),
            new NetworkMessageId("m_sb"),
            [new TextPart("Is anyone there?")]) { Standby = true };
        await h.DeliverAsync(standby);
        var afterStandby = await h.TicketAsync(ticket.Id);
        await h.SayAsync("ivo", "thanks!");
        var after = await h.TicketAsync(ticket.Id);

        Assert.True(during.ControlledElsewhere);
        Assert.True(afterStandby.ControlledElsewhere);
        Assert.False(after.ControlledElsewhere);
        var messages = await h.MessagesAsync(ticket.Id);
        var note = Assert.Single(messages, m => m.Author == AuthorKind.System);
        Assert.Contains("263902037430900", Assert.IsType<TextPart>(Assert.Single(note.Parts)).Text, StringComparison.Ordinal);
        Assert.Contains(messages, m => m.NetworkId == new NetworkMessageId("m_sb") && m.Author == AuthorKind.Customer);
        var history = await h.HistoryAsync(ticket.Id);
        Assert.Contains(history, e => e.Reason.Contains("another application", StringComparison.Ordinal));
        Assert.Contains(history, e => e.Reason.Contains("controls the conversation again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PrivateReply_ToTheSameCommentTwice_IsRefused()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("anna", "my order never came", post: "post-7", eventId: "c1");

        var first = await h.ReplyAsync(ticket.Id, "zoe", "Could you send the order number?", isPrivate: true);
        var second = await h.ReplyAsync(ticket.Id, "zoe", "Hello?", isPrivate: true);
        var publicReply = await h.ReplyAsync(ticket.Id, "zoe", "We wrote to you privately.");

        Assert.True(first.Succeeded);
        Assert.Equal(ReplyRejection.PrivateReplyUnavailable, second.Rejection);
        Assert.Contains("already", second.Error, StringComparison.Ordinal);
        Assert.True(publicReply.Succeeded);
        var messages = await h.MessagesAsync(ticket.Id);
        Assert.True(messages.Single(m => m.Id == first.Message!.Id).PrivateReply);
        Assert.False(messages.Single(m => m.Id == publicReply.Message!.Id).PrivateReply);
    }

    [Fact]
    public async Task Reply_CarriesWhenTheCustomerLastWrote_ForTheChannelsWindow()
    {
        await using var h = new EngineHarness();
        var ticket = await h.SayAsync("ivo", "hello");
        h.Time.Advance(TimeSpan.FromHours(2));

        await h.ReplyAsync(ticket.Id, "zoe", "hi!");
        await h.Scheduler.DispatchOutboxAsync();

        Assert.Equal(ticket.LastCustomerMessageAt, Assert.Single(h.Messenger.Sent).CustomerLastMessageAt);
    }
}
