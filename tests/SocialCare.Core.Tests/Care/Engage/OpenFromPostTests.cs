using SocialCare.Core.Tests.Engine;

namespace SocialCare.Core.Tests.Care.Engage;

/// <summary>An agent engages with a post that listening recorded without a ticket: the engine opens one from it.</summary>
public sealed class OpenFromPostTests
{
    private static MessageReceived Post(string id, string text) => new(
        new IdempotencyKey(Channels.Comments, EngineHarness.Account, $"post:{id}"),
        EngineHarness.Public(id),
        EngineHarness.Person("ada", Channels.Comments),
        EngineHarness.Start,
        new NetworkMessageId(id),
        [new TextPart(text)])
    {
        Origin = MessageOrigin.Listening,
        MatchedRule = "brand",
    };

    [Fact]
    public async Task ARecordedPost_OpensATicket_WithThePostAsItsFirstMessage_Once()
    {
        await using var harness = new EngineHarness();
        var post = Post("3001", "Just unboxed my Nimbus, the colour is a bit dull");
        await harness.DeliverAsync(post);
        Assert.Empty(await harness.Store.QueryTicketsAsync(new TicketQuery(), default));
        var customer = await harness.Customers.ResolveAsync(post.Customer, default);
        var opener = harness.Services.GetRequiredService<ITicketOpener>();

        var ticket = await opener.OpenFromPostAsync(post, customer, "engaged by zoe from a recorded mention", default);

        Assert.Equal(post.Conversation, ticket.Conversation);
        Assert.Equal(customer.Id, ticket.Customer);
        var message = Assert.Single(await harness.MessagesAsync(ticket.Id));
        Assert.Equal(post.MessageId, message.NetworkId);
        Assert.Equal("engaged by zoe from a recorded mention", (await harness.HistoryAsync(ticket.Id))[0].Reason);
        Assert.Single(harness.EventsOf<TicketCreated>());

        var again = await opener.OpenFromPostAsync(post, customer, "engaged again", default);
        Assert.Equal(ticket.Id, again.Id);
        Assert.Single(await harness.Store.QueryTicketsAsync(new TicketQuery(), default));

        // The agent answers in public, on the post.
        var reply = await harness.ReplyAsync(ticket.Id, "zoe", "Sorry to hear that! Which model did you get?");
        Assert.True(reply.Succeeded, reply.Error);
        Assert.Equal(post.MessageId, reply.Message!.ReplyToNetworkId);
    }

    [Fact]
    public async Task AnAgentsOwnPost_CannotOpenATicket()
    {
        await using var harness = new EngineHarness();
        var post = Post("3002", "We are hiring") with { Direction = MessageDirection.Outbound };
        var customer = await harness.Customers.ResolveAsync(post.Customer, default);

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Services.GetRequiredService<ITicketOpener>().OpenFromPostAsync(post, customer, "engaged", default));
    }
}
