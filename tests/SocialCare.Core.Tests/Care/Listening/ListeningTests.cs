using SocialCare.Core.Tests.Engine;

namespace SocialCare.Core.Tests.Care.Listening;

/// <summary>Listening: keyword and brand rules, the triage with its sentiment lexicon, recorded posts and engaging with them.</summary>
public sealed class ListeningTests
{
    private static int _posts;

    private static MessageReceived Post(string text, ChannelId? channel = null, string? rule = null, string user = "ada", MessageOrigin origin = MessageOrigin.Listening)
    {
        var id = $"p{Interlocked.Increment(ref _posts)}";
        var network = channel ?? Channels.X;
        return new MessageReceived(
            new IdempotencyKey(network, EngineHarness.Account, $"post:{id}"),
            EngineHarness.Public(id, network),
            EngineHarness.Person(user, network),
            EngineHarness.Start,
            new NetworkMessageId(id),
            [new TextPart(text)])
        {
            Origin = origin,
            MatchedRule = rule,
        };
    }

    private static void Rules(SocialCareOptions o)
    {
        var press = new ListeningRule { Name = "press", Action = ListeningAction.Record };
        press.Keywords.Add("comunicato stampa");
        press.Keywords.Add("press release");
        var recall = new ListeningRule { Name = "recall", Action = ListeningAction.OpenTicket };
        recall.Keywords.Add("Nimbus recall");
        var brand = new ListeningRule { Name = "brand" };
        brand.Keywords.Add("Nimbus");
        o.Listening.Rules.Add(press);
        o.Listening.Rules.Add(recall);
        o.Listening.Rules.Add(brand);
    }

    [Theory]
    [InlineData("Il mio Nimbus è una delusione totale 😡", true)]
    [InlineData("Servizio clienti pessimo, sto ancora aspettando da due settimane", true)]
    [InlineData("This is the worst phone I have ever owned. Never again!!", true)]
    [InlineData("Terrible battery, really disappointed", true)]
    [InlineData("Adoro il mio nuovo Nimbus, bellissimo 😍", false)]
    [InlineData("Great camera, love it 👍", false)]
    [InlineData("Non è male, anzi funziona bene", false)]
    [InlineData("Nimbus launch event in Milan today", false)]
    public void TheSentimentLexicon_FindsUnhappyPosts_InItalianAndEnglish(string text, bool unhappy)
    {
        var score = SentimentLexicon.Score(text);

        Assert.InRange(score, -1, 1);
        Assert.Equal(unhappy, score <= -0.4);
    }

    [Fact]
    public async Task Rules_DecidePerMatch_AndTheTriageOpensTicketsForUnhappyPosts()
    {
        await using var harness = new EngineHarness(Rules);
        var inbox = harness.Services.GetRequiredService<IListeningInbox>();

        // The first matching rule decides: a press release is only recorded, even with a question in it.
        await harness.DeliverAsync(Post("Nimbus press release: what's new?"));

        // A recall opens a ticket whatever the tone.
        await harness.DeliverAsync(Post("Reading about the Nimbus recall, interesting", user: "bo"));

        // The brand rule asks the triage: unhappy opens, happy is recorded.
        await harness.DeliverAsync(Post("Il mio Nimbus è una delusione totale 😡", user: "cy"));
        await harness.DeliverAsync(Post("Love my new Nimbus 😍", user: "di"));

        // No rule matches: the triage still hears questions.
        await harness.DeliverAsync(Post("Does anyone know a good phone shop in Turin?", user: "ed"));

        var tickets = await harness.Store.QueryTicketsAsync(new TicketQuery(), default);
        Assert.Equal(3, tickets.Count);
        Assert.All(tickets, t => Assert.Equal(ConversationVisibility.Public, t.Conversation.Visibility));

        var recorded = inbox.List();
        Assert.Equal(2, recorded.Count);
        Assert.Equal("Love my new Nimbus 😍", ((TextPart)recorded[0].Post.Parts[0]).Text);
        Assert.Equal(("brand", false), (recorded[0].Verdict.Rule, recorded[0].Verdict.OpensTicket));
        Assert.True(recorded[0].Verdict.Sentiment > 0);
        Assert.Equal(("press", "rule press: record only"), (recorded[1].Verdict.Rule, recorded[1].Verdict.Reason));
    }

    [Fact]
    public async Task AnXStreamRulesTag_MatchesTheRuleOfThatName()
    {
        await using var harness = new EngineHarness(Rules);

        await harness.DeliverAsync(Post("Hey what is this thing?", rule: "PRESS"));

        Assert.Empty(await harness.Store.QueryTicketsAsync(new TicketQuery(), default));
        Assert.Equal("press", Assert.Single(harness.Services.GetRequiredService<IListeningInbox>().List()).Verdict.Rule);
    }

    [Fact]
    public async Task AnAgentEngagesWithARecordedPost_InPublic_OrPrivatelyWhereTheNetworkAllows()
    {
        await using var harness = new EngineHarness(Rules);
        var inbox = harness.Services.GetRequiredService<IListeningInbox>();
        await harness.DeliverAsync(Post("My Nimbus screen is a bit dim, fine otherwise", Channels.Comments));
        await harness.DeliverAsync(Post("Nimbus looks good in blue", Channels.X, user: "bo"));
        var onComments = inbox.List()[1];
        var onX = inbox.List()[0];

        var engaged = await inbox.EngageAsync(new EngageRequest(onComments.Id, new AgentId("zoe"), [new TextPart("Hi! Try Settings → Display → Auto brightness.")]));

        Assert.True(engaged.Succeeded, engaged.Error ?? engaged.Reply?.Error);
        Assert.Equal(onComments.Post.Conversation, engaged.Ticket!.Conversation);
        Assert.Equal(onComments.Post.MessageId, engaged.Reply!.Message!.ReplyToNetworkId);
        Assert.Equal(engaged.Ticket.Id, inbox.Get(onComments.Id)!.Ticket);
        Assert.Contains(await harness.HistoryAsync(engaged.Ticket.Id), h => h.Reason == "engaged by zoe from a recorded mention (rule brand)");

        // Privately on the same post, where the network allows a private reply to a public comment.
        var privately = await inbox.EngageAsync(new EngageRequest(onComments.Id, new AgentId("zoe"), [new TextPart("Write to us here if it persists.")]) { Private = true });
        Assert.True(privately.Succeeded, privately.Reply?.Error);
        Assert.Equal(engaged.Ticket.Id, privately.Ticket!.Id);

        // X allows no private reply to a public post: refused, said so, the ticket stays open for a public answer.
        var refused = await inbox.EngageAsync(new EngageRequest(onX.Id, new AgentId("zoe"), [new TextPart("DM us!")]) { Private = true });
        Assert.False(refused.Succeeded);
        Assert.Equal(ReplyRejection.PrivateReplyUnavailable, refused.Reply!.Rejection);
        Assert.NotNull(refused.Ticket);

        Assert.Equal("No recorded post nope.", (await inbox.EngageAsync(new EngageRequest("nope", new AgentId("zoe"), []))).Error);
    }

    [Fact]
    public async Task PublicComments_GoThroughTheRules_OnlyWhenAsked()
    {
        await using (var always = new EngineHarness(Rules))
        {
            await always.DeliverAsync(Post("Love it 😍", Channels.Comments, origin: MessageOrigin.Direct));
            Assert.Single(await always.Store.QueryTicketsAsync(new TicketQuery(), default));
        }

        await using var triaged = new EngineHarness(o =>
        {
            Rules(o);
            o.Listening.TriagePublicComments = true;
        });
        await triaged.DeliverAsync(Post("Love it 😍", Channels.Comments, origin: MessageOrigin.Direct));
        await triaged.DeliverAsync(Post("Why is my order late?", Channels.Comments, user: "bo", origin: MessageOrigin.Direct));

        Assert.Single(await triaged.Store.QueryTicketsAsync(new TicketQuery(), default));
        Assert.Single(triaged.Services.GetRequiredService<IListeningInbox>().List());
    }

    [Fact]
    public async Task TheInboxKeepsTheLatestPosts_UpToItsLimit()
    {
        await using var harness = new EngineHarness(o => o.Listening.RecordedPostsKept = 2);
        var first = Post("one");
        await harness.DeliverAsync(first);
        await harness.DeliverAsync(Post("two"));
        await harness.DeliverAsync(Post("three"));

        var inbox = harness.Services.GetRequiredService<IListeningInbox>();
        Assert.Equal(["three", "two"], inbox.List().Select(p => ((TextPart)p.Post.Parts[0]).Text));
        Assert.Null(inbox.Get($"{first.Conversation.Channel.Value}:{first.MessageId.Value}"));
    }
}
