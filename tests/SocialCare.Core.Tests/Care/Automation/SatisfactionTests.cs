using SocialCare.Core.Tests.Engine;
using SocialCare.Testing;

namespace SocialCare.Core.Tests.Care.Automation;

public sealed class SatisfactionTests
{
    private static EngineHarness Harness(Action<SocialCareOptions>? more = null) => new(o =>
    {
        o.Satisfaction.Enabled = true;
        more?.Invoke(o);
    });

    /// <summary>Anna writes, Zoe answers and resolves: the ticket is resolved, and the survey asked.</summary>
    private static async Task<Ticket> ResolvedAsync(EngineHarness harness, string user = "anna", ChannelId? channel = null)
    {
        var ticket = await harness.SayAsync(user, "My order is late", channel);
        var reply = await harness.ReplyAsync(ticket.Id, "zoe", "It arrives tomorrow, sorry!", then: TicketState.Resolved);
        Assert.True(reply.Succeeded, reply.Error);
        return await harness.TicketAsync(ticket.Id);
    }

    private static async Task<IReadOnlyList<Message>> BotAsync(EngineHarness harness, TicketId id)
        => [.. (await harness.MessagesAsync(id)).Where(m => m.Author == AuthorKind.Bot)];

    [Fact]
    public async Task AResolvedTicket_AsksOnce_AndTheRatingIsRecorded_WithoutReopening()
    {
        await using var harness = Harness();
        using var metrics = new MetricCollector(SocialCareDiagnostics.MeterName);
        var ticket = await ResolvedAsync(harness);

        Assert.Equal(TicketState.Resolved, ticket.State);
        Assert.NotNull(ticket.Satisfaction);
        Assert.Equal(new AgentId("zoe"), ticket.Satisfaction!.Agent);
        var question = Assert.Single(await BotAsync(harness, ticket.Id));
        Assert.StartsWith("How did we do?", Assert.IsType<TextPart>(question.Parts[0]).Text, StringComparison.Ordinal);

        harness.Time.Advance(TimeSpan.FromMinutes(3));
        var rated = await harness.SayAsync("anna", "4");

        Assert.Equal(ticket.Id, rated.Id);
        Assert.Equal(TicketState.Resolved, rated.State);
        Assert.Equal(4, rated.Satisfaction!.Rating);
        Assert.Equal(EngineHarness.Start.AddMinutes(3), rated.Satisfaction.RatedAt);
        var event_ = Assert.Single(harness.EventsOf<SatisfactionRated>());
        Assert.Equal((4, new AgentId("zoe")), (event_.Rating, event_.Agent!.Value));
        Assert.Equal(4, Assert.Single(metrics.For(SocialCareDiagnostics.SatisfactionRatings)).Value);
        var bot = await BotAsync(harness, ticket.Id);
        Assert.Equal(2, bot.Count);
        Assert.Equal("Thank you for your feedback!", Assert.IsType<TextPart>(Assert.Single(bot[1].Parts)).Text);

        // Reopened and resolved again: never asked twice.
        await harness.SayAsync("anna", "Actually it did not arrive");
        Assert.True((await harness.ReplyAsync(ticket.Id, "zoe", "Sent again", then: TicketState.Resolved)).Succeeded);
        Assert.Equal(2, (await BotAsync(harness, ticket.Id)).Count);
        Assert.Equal(4, (await harness.TicketAsync(ticket.Id)).Satisfaction!.Rating);
    }

    [Theory]
    [InlineData("5", 5)]
    [InlineData(" 2/5 ", 2)]
    [InlineData("⭐⭐⭐", 3)]
    [InlineData("4 - Very good", 4)]
    [InlineData("6", null)]
    [InlineData("1000", null)]
    [InlineData("thanks, all good", null)]
    [InlineData("3 days late and still nothing", null)]
    public void RatingsAreReadFromTextStarsAndTypedOptions(string text, int? expected)
        => Assert.Equal(expected, TicketEngine.ParseRating([new TextPart(text)]));

    [Fact]
    public void ATappedOption_IsReadFromItsPayload()
    {
        Assert.Equal(5, TicketEngine.ParseRating([new ChoicePart(ChoiceKind.QuickReply, "Excellent!", "csat:5")]));
        Assert.Equal(1, TicketEngine.ParseRating([new ChoicePart(ChoiceKind.ListItem, "Poor", "csat:1")]));
        Assert.Null(TicketEngine.ParseRating([new ChoicePart(ChoiceKind.ListItem, "Poor", "csat:9")]));
    }

    [Fact]
    public async Task AnAnswerThatIsNotARating_ReopensAsUsual()
    {
        await using var harness = Harness();
        var ticket = await ResolvedAsync(harness);

        var again = await harness.SayAsync("anna", "It still has not arrived");

        Assert.Equal(TicketState.Open, again.State);
        Assert.Null(again.Satisfaction!.Rating);
        Assert.Empty(harness.EventsOf<SatisfactionRated>());
    }

    [Fact]
    public async Task TheSurvey_FitsEachChannel()
    {
        var whatsApp = new ChannelCapabilities(ChannelFeatures.Templates, MessagePartKinds.Text | MessagePartKinds.Choice);
        var list = TicketEngine.SurveyParts("How did we do?", ChannelId.WhatsApp, whatsApp, "en");
        Assert.Equal(6, list.Count);
        Assert.All(list.Skip(1).Cast<ChoicePart>(), c => Assert.Equal(ChoiceKind.ListItem, c.ChoiceKind));
        Assert.Equal(["csat:1", "csat:2", "csat:3", "csat:4", "csat:5"], list.Skip(1).Cast<ChoicePart>().Select(c => c.Payload!));
        Assert.All(list.Skip(1).Cast<ChoicePart>(), c => Assert.True(c.Title.Length <= 24, c.Title));

        var messenger = TicketEngine.SurveyParts("Com'è andata?", ChannelId.Facebook, whatsApp, "it");
        Assert.All(messenger.Skip(1).Cast<ChoicePart>(), c => Assert.Equal(ChoiceKind.QuickReply, c.ChoiceKind));
        Assert.Equal("5 - Ottimo", ((ChoicePart)messenger[5]).Title);

        var x = TicketEngine.SurveyParts("How did we do?", ChannelId.X, new ChannelCapabilities(ChannelFeatures.None, MessagePartKinds.Text), null);
        Assert.Equal("How did we do?", Assert.IsType<TextPart>(Assert.Single(x)).Text);

        // On X (no choices) the question goes as plain text and a typed digit answers it.
        await using var harness = Harness();
        var ticket = await ResolvedAsync(harness, "priya", Channels.X);
        Assert.IsType<TextPart>(Assert.Single(Assert.Single(await BotAsync(harness, ticket.Id)).Parts));
        Assert.Equal(5, (await harness.SayAsync("priya", "5", Channels.X)).Satisfaction!.Rating);
    }

    [Fact]
    public async Task OutsideTheWindow_NoSurvey()
    {
        await using var harness = Harness();
        var ticket = await harness.SayAsync("marco", "Hello", Channels.WhatsApp);
        harness.Time.Advance(TimeSpan.FromHours(25));

        var resolved = await harness.Engine.ChangeStateAsync(ticket.Id, TicketState.Resolved, TicketActor.ForAgent(new AgentId("zoe")));

        Assert.True(resolved.Succeeded);
        Assert.Null((await harness.TicketAsync(ticket.Id)).Satisfaction);
        Assert.Empty(await BotAsync(harness, ticket.Id));
    }

    [Fact]
    public async Task PublicThreads_AndDisabledChannels_AreNotSurveyed()
    {
        await using var harness = Harness(o => o.Satisfaction.DisabledChannels.Add(Channels.X));
        var comment = await harness.SayAsync("anna", "Your shop is closed?", post: "post-1");
        await harness.Engine.ChangeStateAsync(comment.Id, TicketState.Resolved, TicketActor.ForAgent(new AgentId("zoe")));
        Assert.Null((await harness.TicketAsync(comment.Id)).Satisfaction);

        var x = await ResolvedAsync(harness, "priya", Channels.X);
        Assert.Null(x.Satisfaction);
    }

    [Fact]
    public async Task ARatingAfterTheTicketClosed_StillCounts_AndOpensNothing()
    {
        await using var harness = Harness(o => o.Lifecycle.CloseResolvedAfter = TimeSpan.FromHours(1));
        var ticket = await ResolvedAsync(harness);
        harness.Time.Advance(TimeSpan.FromHours(2));
        await harness.Scheduler.RunDueAsync();
        Assert.Equal(TicketState.Closed, (await harness.TicketAsync(ticket.Id)).State);

        var rated = await harness.SayAsync("anna", "5");

        Assert.Equal(ticket.Id, rated.Id);
        Assert.Equal(5, rated.Satisfaction!.Rating);
        Assert.Single(await harness.Store.QueryTicketsAsync(new TicketQuery(), default));
    }

    [Fact]
    public async Task TheReport_GivesCsatPerChannelAndAgent_AndTheRatingIsNotAnUnansweredMessage()
    {
        await using var harness = Harness();
        harness.AddAgent("bob", presence: AgentPresence.Offline);
        var first = await ResolvedAsync(harness, "anna");
        await harness.SayAsync("anna", "5");
        var second = await harness.SayAsync("luca", "Broken zip");
        Assert.True((await harness.ReplyAsync(second.Id, "bob", "Sorry, a new one is on its way", then: TicketState.Resolved)).Succeeded);
        await harness.SayAsync("luca", "2");
        var third = await ResolvedAsync(harness, "sara");
        await harness.SayAsync("sara", "4");

        var report = await harness.Services.GetRequiredService<TicketReports>().GetReportAsync(EngineHarness.Start.AddDays(-1), EngineHarness.Start.AddDays(1));

        Assert.Equal(3, report.Overall.SatisfactionResponses);
        Assert.Equal(11.0 / 3, report.Overall.SatisfactionAverage!.Value, 6);
        Assert.Equal(2.0 / 3, report.Overall.SatisfactionScore!.Value, 6);
        Assert.Equal(1.0, report.Overall.MessageResponseRate);
        Assert.Equal(3, report.ByChannel[Channels.Messenger].SatisfactionResponses);
        Assert.Equal(1.0, report.ByAgent[new AgentId("zoe")].SatisfactionScore);
        Assert.Equal(0.0, report.ByAgent[new AgentId("bob")].SatisfactionScore);
        // Three questions and three thanks went out: they are not answers to anyone's question.
        Assert.Equal(6, (await BotAsync(harness, first.Id)).Count + (await BotAsync(harness, second.Id)).Count + (await BotAsync(harness, third.Id)).Count);
        Assert.Equal(0, report.Overall.AutomaticReplies);
        Assert.Equal(0, report.Overall.AutomaticOnlyTickets);
        Assert.Equal(3, report.Overall.SatisfactionSurveys);
        Assert.Equal(1.0, report.Overall.SatisfactionResponseRate);
        Assert.NotEqual(first.Id, third.Id);
    }

    [Fact]
    public async Task SurveyMessages_AreMarked_AndAnUnansweredSurveyLowersTheResponseRate()
    {
        await using var harness = Harness();
        var rated = await ResolvedAsync(harness, "anna");
        await harness.SayAsync("anna", "5");
        var silent = await ResolvedAsync(harness, "luca");

        var bot = await BotAsync(harness, rated.Id);
        Assert.Equal([AutomaticMessageKind.SatisfactionSurvey, AutomaticMessageKind.SatisfactionThanks], bot.Select(m => m.Automation!.Value));
        Assert.Equal(AutomaticMessageKind.SatisfactionSurvey, Assert.Single(await BotAsync(harness, silent.Id)).Automation);
        Assert.All(await harness.MessagesAsync(rated.Id), m => Assert.Equal(m.Author == AuthorKind.Bot, m.Automation is not null));

        var report = await harness.Services.GetRequiredService<TicketReports>().GetReportAsync(EngineHarness.Start.AddDays(-1), EngineHarness.Start.AddDays(1));
        Assert.Equal(2, report.Overall.SatisfactionSurveys);
        Assert.Equal(1, report.Overall.SatisfactionResponses);
        Assert.Equal(0.5, report.Overall.SatisfactionResponseRate);
        Assert.Equal(0, report.Overall.AutomaticReplies);
    }

    [Fact]
    public async Task ACustomerWithoutAKnownLanguage_IsAskedInTheLanguageTheyWrote()
    {
        await using var harness = Harness(o =>
        {
            o.Satisfaction.Questions["it"] = "Com'è andata?";
            o.Satisfaction.Thanks["it"] = "Grazie del giudizio!";
        });
        var ticket = await harness.SayAsync("giulia", "Buongiorno, il mio ordine non è ancora arrivato, potete controllare?");
        Assert.True((await harness.ReplyAsync(ticket.Id, "zoe", "Arriva domani", then: TicketState.Resolved)).Succeeded);

        var question = Assert.Single(await BotAsync(harness, ticket.Id));
        Assert.Equal("Com'è andata?", Assert.IsType<TextPart>(question.Parts[0]).Text);

        await harness.SayAsync("giulia", "5");
        Assert.Equal("Grazie del giudizio!", Assert.IsType<TextPart>(Assert.Single((await BotAsync(harness, ticket.Id))[1].Parts)).Text);

        // An English speaker on the same settings still gets the English text.
        var other = await ResolvedAsync(harness, "anna");
        Assert.StartsWith("How did we do?", Assert.IsType<TextPart>(Assert.Single(await BotAsync(harness, other.Id)).Parts[0]).Text, StringComparison.Ordinal);
    }
}
