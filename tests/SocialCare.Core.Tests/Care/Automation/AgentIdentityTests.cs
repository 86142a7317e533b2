using SocialCare.Core.Tests.Engine;

namespace SocialCare.Core.Tests.Care.Automation;

public sealed class AgentIdentityTests
{
    private static async Task<string> SentTextAsync(EngineHarness harness, ReplyResult reply)
    {
        Assert.True(reply.Succeeded, reply.Error);
        await harness.Scheduler.DispatchOutboxAsync();
        var all = harness.Messenger.Sent.Concat(harness.WhatsApp.Sent).Concat(harness.X.Sent);
        return Assert.IsType<TextPart>(Assert.Single(all.Single(m => m.Id == reply.Message!.Id).Parts)).Text;
    }

    [Fact]
    public async Task RepliesCarryTheAgentsNameOrSignature_AsEachChannelIsSet()
    {
        await using var harness = new EngineHarness(o =>
        {
            o.AgentIdentity.Mode = AgentSignatureMode.Name;
            o.AgentIdentity.Channels[Channels.WhatsApp] = AgentSignatureMode.Signature;
            o.AgentIdentity.Channels[Channels.X] = AgentSignatureMode.None;
        });
        harness.Agents.Upsert(new Agent(new AgentId("giulia"), "Giulia Rossi") { Signature = "Giulia, Acme care team", Presence = AgentPresence.Offline });

        var messenger = await harness.SayAsync("anna", "Hi");
        Assert.Equal("Hello Anna!\n— Giulia Rossi", await SentTextAsync(harness, await harness.ReplyAsync(messenger.Id, "giulia", "Hello Anna!  ")));

        var whatsApp = await harness.SayAsync("marco", "Ciao", Channels.WhatsApp);
        Assert.Equal("Ciao Marco\n— Giulia, Acme care team", await SentTextAsync(harness, await harness.ReplyAsync(whatsApp.Id, "giulia", "Ciao Marco")));

        var x = await harness.SayAsync("priya", "hey", Channels.X);
        Assert.Equal("Hi Priya", await SentTextAsync(harness, await harness.ReplyAsync(x.Id, "giulia", "Hi Priya")));

        // Stored as sent: the timeline shows what the customer saw.
        var stored = (await harness.MessagesAsync(messenger.Id)).Single(m => m.Direction == MessageDirection.Outbound);
        Assert.Equal("Hello Anna!\n— Giulia Rossi", Assert.IsType<TextPart>(Assert.Single(stored.Parts)).Text);
    }

    [Fact]
    public async Task ACustomerWhoAsksForAnAgentByName_IsRoutedToThem_WhenAvailable()
    {
        await using var harness = new EngineHarness();
        harness.Agents.Upsert(new Agent(new AgentId("a1"), "Giulia Rossi") { Presence = AgentPresence.Available });
        harness.Agents.Upsert(new Agent(new AgentId("a2"), "Marco Bianchi") { Presence = AgentPresence.Available });

        var ticket = await harness.SayAsync("anna", "Hi, can I speak to Marco please? He helped me last week");

        Assert.Equal(new AgentId("a2"), ticket.Assignee);
        Assert.Equal(new AgentId("a2"), ticket.Automation!.RequestedAgent);
        Assert.Contains(await harness.HistoryAsync(ticket.Id), h => h.Reason.Contains("the customer asked for this agent by name", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAssignedTicket_MovesToTheAgentAskedFor()
    {
        await using var harness = new EngineHarness();
        harness.Agents.Upsert(new Agent(new AgentId("a1"), "Giulia Rossi") { Presence = AgentPresence.Available });
        var ticket = await harness.SayAsync("anna", "Hello");
        Assert.Equal(new AgentId("a1"), ticket.Assignee);
        harness.Agents.Upsert(new Agent(new AgentId("a2"), "Marco Bianchi") { Presence = AgentPresence.Available });

        ticket = await harness.SayAsync("anna", "Vorrei parlare con Marco Bianchi, per favore");

        Assert.Equal(new AgentId("a2"), ticket.Assignee);
    }

    [Fact]
    public async Task AnAgentWhoIsAway_IsRecordedAsAskedFor_AndTheTicketIsRoutedAsUsual()
    {
        await using var harness = new EngineHarness();
        harness.Agents.Upsert(new Agent(new AgentId("a1"), "Giulia Rossi") { Presence = AgentPresence.Available });
        harness.Agents.Upsert(new Agent(new AgentId("a2"), "Marco Bianchi") { Presence = AgentPresence.Away });

        var ticket = await harness.SayAsync("anna", "I'd like to talk to Marco");

        Assert.Equal(new AgentId("a1"), ticket.Assignee);
        Assert.Equal(new AgentId("a2"), ticket.Automation!.RequestedAgent);

        // Marco comes back: the queue is not involved (the ticket is assigned), but the request is on record for people.
        Assert.Contains(await harness.HistoryAsync(ticket.Id), h => h.Reason == "customer asked for a2 by name");
    }

    [Theory]
    [InlineData("I'm looking for a red dress")]
    [InlineData("Can I speak to the manager?")]
    [InlineData("Marco said it would arrive")]
    public async Task TextThatNamesNoAgent_ChangesNothing(string text)
    {
        await using var harness = new EngineHarness();
        harness.Agents.Upsert(new Agent(new AgentId("a2"), "Marco Bianchi") { Presence = AgentPresence.Available });

        var ticket = await harness.SayAsync("anna", text);

        Assert.Null(ticket.Automation?.RequestedAgent);
    }
}
