namespace SocialCare.Core.Tests.Engine;

/// <summary>
/// Engine rules the X channel needs: non-ticket activity, listened-to posts and their triage, replies threaded by the
/// post they answer, the self-serve refusal of public replies, and the channel's own text measure.
/// </summary>
public class XChannelRulesTests
{
    private static readonly DateTimeOffset At = EngineHarness.Start;

    private static ActivityObserved Activity(string eventId, ParticipantActivity activity, ConversationRef? conversation = null, string user = "ada")
    {
        var who = EngineHarness.Person(user, Channels.Comments);
        return new ActivityObserved(new IdempotencyKey(Channels.Comments, EngineHarness.Account, eventId), conversation ?? ConversationRef.PrivateWith(who), who, At, activity)
        {
            RawType = activity.ToString().ToLowerInvariant(),
        };
    }

    private static MessageReceived Post(string id, string text, string thread, string user = "ada", MessageOrigin origin = MessageOrigin.Direct, string? replyTo = null)
    {
        var who = EngineHarness.Person(user, Channels.Comments);
        return new MessageReceived(
            new IdempotencyKey(Channels.Comments, EngineHarness.Account, $"post:{id}"),
            EngineHarness.Public(thread),
            who,
            At,
            new NetworkMessageId(id),
            [new TextPart(text)])
        {
            Origin = origin,
            MatchedRule = origin == MessageOrigin.Listening ? "brand" : null,
            ReplyTo = replyTo is null ? null : new NetworkMessageId(replyTo),
        };
    }

    private static EngineHarness Harness(RecordingActivitySink sink, Action<SocialCareOptions>? configure = null, Action<ISocialCareBuilder>? builder = null)
        => new(configure, b =>
        {
            b.Services.AddSingleton<IActivitySink>(sink);
            builder?.Invoke(b);
        });

    [Fact]
    public async Task ActivityWithoutTicket_IsRecordedAndToldOnce_ButOpensNothing()
    {
        var sink = new RecordingActivitySink();
        await using var h = Harness(sink);
        var follow = Activity("follow:1", ParticipantActivity.Followed);

        Assert.Equal(InboundOutcome.Applied, await h.DeliverAsync(follow));
        Assert.Equal(InboundOutcome.Duplicate, await h.DeliverAsync(follow));

        Assert.Empty(await h.Store.QueryTicketsAsync(new TicketQuery(), default));
        var notice = Assert.Single(sink.Notices);
        Assert.Same(follow, notice.Event);
        Assert.Null(notice.Ticket);
        Assert.True(await h.Store.IsProcessedAsync(follow.Key, default));
    }

    [Fact]
    public async Task TypingOnAConversationWithAnActiveTicket_NamesTheTicket_AndAddsNoMessage()
    {
        var sink = new RecordingActivitySink();
        await using var h = Harness(sink);
        var ticket = await h.SayAsync("ada", "my order is late", Channels.Comments);

        await h.DeliverAsync(Activity("typing:1", ParticipantActivity.Typing));

        Assert.Equal(ticket.Id, Assert.Single(sink.Notices).Ticket);
        Assert.Single(await h.MessagesAsync(ticket.Id));
    }

    [Fact]
    public async Task FailingActivitySink_DoesNotFailTheEvent()
    {
        var sink = new RecordingActivitySink { Throw = true };
        await using var h = Harness(sink);

        Assert.Equal(InboundOutcome.Applied, await h.DeliverAsync(Activity("like:1", ParticipantActivity.Liked)));
    }

    [Fact]
    public async Task ListenedPostWithoutQuestionOrComplaint_OpensNoTicket_AndIsToldToTheSinks()
    {
        var sink = new RecordingActivitySink();
        await using var h = Harness(sink);
        var post = Post("1001", "Just unboxed my new Nimbus, lovely colour", "1001", origin: MessageOrigin.Listening);

        Assert.Equal(InboundOutcome.Applied, await h.DeliverAsync(post));

        Assert.Empty(await h.Store.QueryTicketsAsync(new TicketQuery(), default));
        Assert.Same(post, Assert.Single(sink.Notices).Event);
        Assert.Equal(InboundOutcome.Duplicate, await h.DeliverAsync(post));
    }

    [Theory]
    [InlineData("Does the Nimbus work with iOS 19?")]
    [InlineData("My Nimbus is broken after two days")]
    [InlineData("il mio Nimbus non funziona")]
    public async Task ListenedQuestionOrComplaint_OpensAPublicTicket(string text)
    {
        var sink = new RecordingActivitySink();
        await using var h = Harness(sink);

        await h.DeliverAsync(Post("1002", text, "1002", origin: MessageOrigin.Listening));

        var ticket = Assert.Single(await h.Store.QueryTicketsAsync(new TicketQuery(), default));
        Assert.Equal(ConversationVisibility.Public, ticket.Conversation.Visibility);
        Assert.Empty(sink.Notices);
    }

    [Fact]
    public async Task ListenedPostInAThreadWithAnActiveTicket_JoinsIt_WhateverItSays()
    {
        var sink = new RecordingActivitySink();
        await using var h = Harness(sink);
        await h.DeliverAsync(Post("2001", "@brand my Nimbus is broken", "2001"));

        await h.DeliverAsync(Post("2002", "thanks, lovely people", "2001", origin: MessageOrigin.Listening));

        var ticket = Assert.Single(await h.Store.QueryTicketsAsync(new TicketQuery(), default));
        Assert.Equal(2, (await h.MessagesAsync(ticket.Id)).Count);
        Assert.Empty(sink.Notices);
    }

    [Fact]
    public async Task ListeningTriage_CanBeReplacedByTheHost()
    {
        var sink = new RecordingActivitySink();
        await using var h = Harness(sink, builder: b => b.AddListeningTriage<OpenEverything>());

        await h.DeliverAsync(Post("3001", "nice weather", "3001", origin: MessageOrigin.Listening));

        Assert.Single(await h.Store.QueryTicketsAsync(new TicketQuery(), default));
    }

    [Fact]
    public async Task ListeningOptions_SwitchOffQuestions()
    {
        var sink = new RecordingActivitySink();
        await using var h = Harness(sink, o => o.Listening.OpenOnQuestions = false);

        await h.DeliverAsync(Post("3002", "anyone tried the Nimbus?", "3002", origin: MessageOrigin.Listening));

        Assert.Empty(await h.Store.QueryTicketsAsync(new TicketQuery(), default));
    }

    [Fact]
    public async Task ReplyToOurReply_JoinsTheThreadOfTheMessageItAnswers()
    {
        var sink = new RecordingActivitySink();
        await using var h = Harness(sink);
        await h.DeliverAsync(Post("4001", "@brand where is my parcel?", "4001"));
        var ticket = Assert.Single(await h.Store.QueryTicketsAsync(new TicketQuery(), default));
        Assert.True((await h.ReplyAsync(ticket.Id, "zoe", "Checking now")).Succeeded);
        await h.Scheduler.DispatchOutboxAsync();
        var ours = (await h.MessagesAsync(ticket.Id)).Last().NetworkId!.Value.Value;

        // The adapter names only the post the customer answers (our reply) as the thread: the engine finds its thread.
        await h.DeliverAsync(Post("4002", "still nothing", ours, replyTo: ours));

        var messages = await h.MessagesAsync(ticket.Id);
        Assert.Equal(3, messages.Count);
        Assert.Equal(new ThreadId("4001"), messages[^1].Conversation.Thread);
        Assert.Single(await h.Store.QueryTicketsAsync(new TicketQuery(), default));
    }

    [Fact]
    public async Task ReplyToAnUnknownPost_KeepsTheThreadTheAdapterNamed()
    {
        var sink = new RecordingActivitySink();
        await using var h = Harness(sink);

        await h.DeliverAsync(Post("5002", "@brand this is a reply to someone else", "5001", replyTo: "5001"));

        var ticket = Assert.Single(await h.Store.QueryTicketsAsync(new TicketQuery(), default));
        Assert.Equal(new ThreadId("5001"), ticket.Conversation.Thread);
    }

    [Fact]
    public async Task PublicReplyRefused_OffersOnlyAPrivateReply_UntilTheCustomerPostsAgain()
    {
        var sink = new RecordingActivitySink();
        await using var h = Harness(sink);
        h.Comments.Respond = m => m.PrivateReply
            ? SendResult.Sent(new NetworkMessageId("dm-1"))
            : SendResult.Failed(new ChannelError("reply_not_summoned", "X refused the public reply.") { Kind = ChannelErrorKind.PublicReplyRefused, StatusCode = 403 });
        await h.DeliverAsync(Post("6001", "this shop never answers", "6001"));
        var ticket = Assert.Single(await h.Store.QueryTicketsAsync(new TicketQuery(), default));

        Assert.True((await h.ReplyAsync(ticket.Id, "zoe", "Sorry! Can we help?")).Succeeded);
        await h.Scheduler.DispatchOutboxAsync();

        ticket = await h.TicketAsync(ticket.Id);
        Assert.True(ticket.PublicReplyRefused);
        var failed = Assert.Single(h.EventsOf<ReplyFailed>());
        Assert.Equal("reply_not_summoned", failed.Failure.Code);
        Assert.Contains(await h.HistoryAsync(ticket.Id), e => e.Reason.Contains("public reply refused", StringComparison.Ordinal));

        var options = await h.Engine.GetReplyOptionsAsync(ticket.Id);
        Assert.False(options!.CanReplyPublicly);
        Assert.True(options.CanReplyPrivately);
        Assert.Equal(ReplyMode.FreeText, options.Mode);

        var publicAgain = await h.ReplyAsync(ticket.Id, "zoe", "Sorry again");
        Assert.Equal(ReplyRejection.PublicReplyUnavailable, publicAgain.Rejection);
        Assert.Contains("private reply", publicAgain.Error, StringComparison.Ordinal);

        var dm = await h.ReplyAsync(ticket.Id, "zoe", "We wrote to you privately", isPrivate: true);
        Assert.True(dm.Succeeded);
        await h.Scheduler.DispatchOutboxAsync();
        Assert.True(h.Comments.Sent[^1].PrivateReply);

        // The customer posts again (perhaps mentioning the brand this time): a public reply is offered again.
        await h.DeliverAsync(Post("6002", "@brand ok, thanks", "6001"));
        Assert.False((await h.TicketAsync(ticket.Id)).PublicReplyRefused);
        Assert.True((await h.Engine.GetReplyOptionsAsync(ticket.Id))!.CanReplyPublicly);
    }

    [Fact]
    public async Task OtherPublicReplyFailures_DoNotBlockPublicReplies()
    {
        var sink = new RecordingActivitySink();
        await using var h = Harness(sink);
        h.Comments.Respond = _ => SendResult.Failed(new ChannelError("duplicate_content", "duplicate") { Kind = ChannelErrorKind.Refused });
        await h.DeliverAsync(Post("7001", "hello?", "7001"));
        var ticket = Assert.Single(await h.Store.QueryTicketsAsync(new TicketQuery(), default));

        await h.ReplyAsync(ticket.Id, "zoe", "Hi");
        await h.Scheduler.DispatchOutboxAsync();

        Assert.False((await h.TicketAsync(ticket.Id)).PublicReplyRefused);
        Assert.True((await h.Engine.GetReplyOptionsAsync(ticket.Id))!.CanReplyPublicly);
    }

    [Fact]
    public async Task ChannelTextMeasure_DecidesTheLength()
    {
        var measured = new MeasuringChannel();
        await using var h = new EngineHarness(builder: b => b.Services.AddSingleton<IChannelAdapter>(measured));
        var who = new Participant(MeasuringChannel.Id, EngineHarness.Account, new NetworkUserId("ada"));
        await h.DeliverAsync(new MessageReceived(new IdempotencyKey(MeasuringChannel.Id, EngineHarness.Account, "m1"), ConversationRef.PrivateWith(who), who, At, new NetworkMessageId("m1"), [new TextPart("hi")]));
        var ticket = Assert.Single(await h.Store.QueryTicketsAsync(new TicketQuery(), default));

        // Six characters, measured twelve: over the limit of ten.
        var refused = await h.ReplyAsync(ticket.Id, "zoe", "你好你好你好");
        Assert.Equal(ReplyRejection.TextTooLong, refused.Rejection);
        Assert.Contains("12", refused.Error, StringComparison.Ordinal);
        Assert.True((await h.ReplyAsync(ticket.Id, "zoe", "hello")).Succeeded);
    }

    [Fact]
    public void ReplyPolicy_Check_WithoutMeasure_CountsUtf16()
    {
        var capabilities = new ChannelCapabilities(ChannelFeatures.None, MessagePartKinds.Text) { MaxTextLength = 10 };
        var options = new ReplyOptions(ReplyMode.FreeText, "test") { CanReplyPrivately = true };

        Assert.Null(ReplyPolicy.Check(options, capabilities, new ReplyDraft([new TextPart("你好你好你好")])));
        Assert.Equal(ReplyRejection.TextTooLong, ReplyPolicy.Check(options, capabilities, new ReplyDraft([new TextPart("你好你好你好")]), new MeasuringChannel())!.Value.Rejection);
    }

    [Fact]
    public async Task InboundEventPublisher_TakesPolledEventsThroughThePipeline()
    {
        var sink = new RecordingActivitySink();
        await using var h = Harness(sink);
        var publisher = h.Services.GetRequiredService<IInboundEventPublisher>();
        InboundEnvelope[] polled =
        [
            new(Post("8001", "is the Nimbus waterproof?", "8001", origin: MessageOrigin.Listening)),
            new(Post("8002", "nice", "8002", user: "bob", origin: MessageOrigin.Listening)),
        ];

        var first = await publisher.PublishAsync(polled, default);
        var again = await publisher.PublishAsync(polled, default);

        Assert.Equal(new InboundPublishResult(2, 0, 0), first);
        Assert.Equal(new InboundPublishResult(0, 2, 0), again);
        Assert.Single(await h.Store.QueryTicketsAsync(new TicketQuery(), default));
        Assert.Single(sink.Notices);
        Assert.Same(h.Services.GetRequiredService<IWebhookPipeline>(), publisher);
    }

    private sealed class OpenEverything : IListeningTriage
    {
        public ValueTask<bool> ShouldOpenTicketAsync(MessageReceived message, Customer customer, CancellationToken cancellationToken) => ValueTask.FromResult(true);
    }

    /// <summary>A private channel whose text counts double (think CJK on X), with a limit of 10.</summary>
    private sealed class MeasuringChannel : IChannelAdapter, ITextMeasure
    {
        public static readonly ChannelId Id = new("measuring");

        public ChannelId Channel => Id;

        public ChannelCapabilities Capabilities { get; } = new(ChannelFeatures.None, MessagePartKinds.Text) { MaxTextLength = 10 };

        public int Measure(string text, bool publicReply) => text.Length * 2;

        public ValueTask<WebhookResult> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(WebhookResult.Ignored());

        public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) => Task.FromResult(SendResult.Sent(new NetworkMessageId("x")));
    }
}

/// <summary>An activity sink that records what it is told.</summary>
internal sealed class RecordingActivitySink : IActivitySink
{
    private readonly Lock _gate = new();
    private readonly List<ActivityNotice> _notices = [];

    public bool Throw { get; init; }

    public IReadOnlyList<ActivityNotice> Notices
    {
        get
        {
            lock (_gate)
            {
                return [.. _notices];
            }
        }
    }

    public Task OnActivityAsync(ActivityNotice notice, CancellationToken cancellationToken)
    {
        if (Throw)
        {
            throw new InvalidOperationException("sink down");
        }

        lock (_gate)
        {
            _notices.Add(notice);
        }

        return Task.CompletedTask;
    }
}
