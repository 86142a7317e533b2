using SocialCare.Core.Tests.Engine;
using SocialCare.Testing;

namespace SocialCare.Core.Tests.Care.Automation;

/// <summary>A responder of the host's, as registered with <c>AddAutoResponder</c>: answers what it is told to, and records what it was asked.</summary>
public sealed class ScriptedResponder : IAutoResponder
{
    private readonly List<AutoResponderContext> _asked = [];

    public Func<AutoResponderContext, AutoResponse?> Answer { get; set; } = context =>
        context.Message.Parts is [TextPart { Text: var text }] && text.Contains("opening hours", StringComparison.OrdinalIgnoreCase)
            ? new AutoResponse([new TextPart("We are open 9–18, Monday to Friday.")]) { Reason = "faq: opening hours" }
            : null;

    public IReadOnlyList<AutoResponderContext> Asked
    {
        get
        {
            lock (_asked)
            {
                return [.. _asked];
            }
        }
    }

    public ValueTask<AutoResponse?> RespondAsync(AutoResponderContext context, CancellationToken cancellationToken)
    {
        lock (_asked)
        {
            _asked.Add(context);
        }

        return ValueTask.FromResult(Answer(context));
    }
}

public sealed class AutoReplyTests
{
    private static EngineHarness Harness(Action<SocialCareOptions>? configure = null)
        => new(configure, builder => builder.AddAutoResponder<ScriptedResponder>());

    private static ScriptedResponder Responder(EngineHarness harness) => (ScriptedResponder)harness.Services.GetRequiredService<IAutoResponder>();

    [Fact]
    public async Task AMatchedQuestion_IsAnsweredByTheBot_CountedApart_AndNotAsAPersonsResponse()
    {
        await using var harness = Harness();
        using var metrics = new MetricCollector(SocialCareDiagnostics.MeterName);

        var ticket = await harness.SayAsync("anna", "What are your opening hours?");

        var messages = await harness.MessagesAsync(ticket.Id);
        var answer = Assert.Single(messages, m => m.Direction == MessageDirection.Outbound);
        Assert.Equal(AuthorKind.Bot, answer.Author);
        Assert.Null(answer.Agent);
        Assert.Equal("We are open 9–18, Monday to Friday.", Assert.IsType<TextPart>(Assert.Single(answer.Parts)).Text);
        ticket = await harness.TicketAsync(ticket.Id);
        Assert.Equal(1, ticket.Automation!.AutomaticReplies);
        Assert.Null(ticket.FirstResponseAt);
        Assert.Null(ticket.LastAgentMessageAt);
        Assert.Equal(TicketState.New, ticket.State);
        Assert.Contains(await harness.HistoryAsync(ticket.Id), h => h.Actor == AuthorKind.Bot && h.Reason == "automatic answer: faq: opening hours");
        Assert.Equal(1, metrics.Sum(SocialCareDiagnostics.AutomaticReplies, (SocialCareDiagnostics.OutcomeTag, "answer")));

        await harness.Scheduler.DispatchOutboxAsync();
        var sent = Assert.Single(harness.Messenger.Sent);
        Assert.Equal(answer.Id, sent.Id);

        var report = await harness.Services.GetRequiredService<TicketReports>().GetReportAsync(EngineHarness.Start.AddDays(-1), EngineHarness.Start.AddDays(1));
        Assert.Equal(1, report.Overall.AutomaticReplies);
        Assert.Equal(1, report.Overall.AutomaticOnlyTickets);
        Assert.Equal(0, report.Overall.AnsweredTickets);
    }

    [Fact]
    public async Task ASecondQuestion_AfterAnAutomaticAnswer_GoesToAPerson()
    {
        await using var harness = Harness();
        var responder = Responder(harness);
        await harness.SayAsync("anna", "opening hours?");

        var ticket = await harness.SayAsync("anna", "And the opening hours on Sunday?");

        Assert.Single(responder.Asked);
        Assert.NotNull(ticket.Automation!.HumanRequestedAt);
        Assert.Single(await harness.MessagesAsync(ticket.Id), m => m.Author == AuthorKind.Bot);
        Assert.Contains(await harness.HistoryAsync(ticket.Id), h => h.Reason.StartsWith("customer wrote again after an automatic answer", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("I want to talk to a human, opening hours are not my problem")]
    [InlineData("Vorrei un operatore per favore")]
    [InlineData("Posso parlare con qualcuno?")]
    public async Task AHandoverKeyword_ReachesAPerson_AndNothingAnswersAutomatically(string text)
    {
        await using var harness = Harness();
        var responder = Responder(harness);

        var ticket = await harness.SayAsync("anna", text);

        Assert.Empty(responder.Asked);
        Assert.NotNull(ticket.Automation!.HumanRequestedAt);
        Assert.DoesNotContain(await harness.MessagesAsync(ticket.Id), m => m.Direction == MessageDirection.Outbound);
        await harness.SayAsync("anna", "opening hours?");
        Assert.Empty(responder.Asked);
    }

    [Fact]
    public async Task OnceAPersonAnswered_TheBotStaysQuiet()
    {
        await using var harness = Harness();
        var responder = Responder(harness);
        var ticket = await harness.SayAsync("anna", "Hello, my order is late");
        Assert.True((await harness.ReplyAsync(ticket.Id, "zoe", "Let me check.")).Succeeded);

        await harness.SayAsync("anna", "What are your opening hours?");

        Assert.Single(responder.Asked);
        Assert.DoesNotContain(await harness.MessagesAsync(ticket.Id), m => m.Author == AuthorKind.Bot);
    }

    [Fact]
    public async Task AnAnswerThatSolvesTheRequest_ResolvesTheTicket_AndTheCustomerCanStillReachAPerson()
    {
        await using var harness = Harness();
        Responder(harness).Answer = _ => new AutoResponse([new TextPart("Your parcel 123 was delivered today.")]) { Resolves = true, Reason = "parcel tracking" };

        var ticket = await harness.SayAsync("anna", "where is parcel 123?");

        ticket = await harness.TicketAsync(ticket.Id);
        Assert.Equal(TicketState.Resolved, ticket.State);
        Assert.Contains(await harness.HistoryAsync(ticket.Id), h => h.To == TicketState.Resolved && h.Actor == AuthorKind.Bot);

        var again = await harness.SayAsync("anna", "It was not, the box is empty");
        Assert.Equal(ticket.Id, again.Id);
        Assert.Equal(TicketState.Open, again.State);
        Assert.NotNull(again.Automation!.HumanRequestedAt);
    }

    [Fact]
    public async Task OutsideTheMessengerWindow_TheBotDoesNotUseTheHumanAgentTag()
    {
        await using var harness = Harness();
        var ticket = await harness.SayAsync("anna", "Hi");
        harness.Time.Advance(TimeSpan.FromHours(30));

        // The customer's message is dated 30 hours ago (a late delivery): the window has closed.
        var late = new MessageReceived(
            new IdempotencyKey(Channels.Messenger, EngineHarness.Account, "late"),
            EngineHarness.Private("anna"),
            EngineHarness.Person("anna"),
            EngineHarness.Start,
            new NetworkMessageId("mid-late"),
            [new TextPart("opening hours?")]);
        await harness.DeliverAsync(late);

        Assert.Equal(2, Responder(harness).Asked.Count);
        Assert.DoesNotContain(await harness.MessagesAsync(ticket.Id), m => m.Author == AuthorKind.Bot);
    }

    [Fact]
    public async Task AResponderThatThrows_LeavesTheMessageStored_ForAPerson()
    {
        await using var harness = Harness();
        Responder(harness).Answer = _ => throw new InvalidOperationException("the order system is down");

        var ticket = await harness.SayAsync("anna", "where is my order?");

        Assert.Single(await harness.MessagesAsync(ticket.Id));
        Assert.Null(ticket.Automation);
    }

    [Fact]
    public async Task DisabledChannels_AndDisabledAutoReply_AskNoResponder()
    {
        await using var harness = Harness(o => o.AutoReply.DisabledChannels.Add(Channels.Messenger));
        await harness.SayAsync("anna", "opening hours?");
        Assert.Empty(Responder(harness).Asked);

        await using var off = Harness(o => o.AutoReply.Enabled = false);
        await off.SayAsync("anna", "opening hours?");
        Assert.Empty(Responder(off).Asked);
    }

    [Fact]
    public async Task AConversationControlledElsewhere_GetsNoAutomaticAnswer()
    {
        await using var harness = Harness();
        var standby = new MessageReceived(
            new IdempotencyKey(Channels.Messenger, EngineHarness.Account, "standby"),
            EngineHarness.Private("anna"),
            EngineHarness.Person("anna"),
            EngineHarness.Start,
            new NetworkMessageId("mid-standby"),
            [new TextPart("opening hours?")]) { Standby = true };

        await harness.DeliverAsync(standby);

        Assert.Empty(Responder(harness).Asked);
    }
}
