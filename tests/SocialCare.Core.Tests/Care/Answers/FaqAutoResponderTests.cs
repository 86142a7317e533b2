using SocialCare.Core.Tests.Engine;

namespace SocialCare.Core.Tests.Care.Answers;

/// <summary>The built-in FAQ auto-responder: confident matches are answered by the bot, the rest wait for a person.</summary>
public sealed class FaqAutoResponderTests
{
    [Fact]
    public async Task AConfidentFaqMatch_IsAnsweredByTheBot_AndResolvesWhenTheAnswerSaysSo()
    {
        await using var harness = new EngineHarness(CannedAnswerTests.Configure);

        var ticket = await harness.SayAsync("sam", "What are your opening hours?");

        var messages = await harness.MessagesAsync(ticket.Id);
        var answer = Assert.Single(messages, m => m.Direction == MessageDirection.Outbound);
        Assert.Equal(AuthorKind.Bot, answer.Author);
        Assert.Equal("We are open Monday to Saturday, 9am–7pm.", ((TextPart)answer.Parts[0]).Text);
        var stored = await harness.TicketAsync(ticket.Id);
        Assert.Equal(TicketState.Resolved, stored.State);
        Assert.Null(stored.FirstResponseAt);
        Assert.Contains(await harness.HistoryAsync(ticket.Id), h => h.Reason?.Contains("FAQ 'opening-hours'", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("My Nimbus arrived broken, I want a refund")]
    [InlineData("Dove posso comprare il Nimbus?")]
    public async Task AWeakMatch_OrAnAnswerNotMarkedAutomatic_WaitsForAPerson(string text)
    {
        await using var harness = new EngineHarness(CannedAnswerTests.Configure);

        var ticket = await harness.SayAsync("sam", text);

        Assert.DoesNotContain(await harness.MessagesAsync(ticket.Id), m => m.Direction == MessageDirection.Outbound);
        Assert.NotEqual(TicketState.Resolved, (await harness.TicketAsync(ticket.Id)).State);
    }

    [Fact]
    public async Task WithTheThresholdRaised_ThePersonAnswers()
    {
        await using var harness = new EngineHarness(o =>
        {
            CannedAnswerTests.Configure(o);
            o.AutoReply.FaqConfidence = 1;
        });

        var ticket = await harness.SayAsync("sam", "Quanto costa la spedizione per Roma?");

        Assert.DoesNotContain(await harness.MessagesAsync(ticket.Id), m => m.Direction == MessageDirection.Outbound);
    }
}
