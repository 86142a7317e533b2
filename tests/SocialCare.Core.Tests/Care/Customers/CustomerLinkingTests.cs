using SocialCare.Core.Tests.Engine;

namespace SocialCare.Core.Tests.Care.Customers;

/// <summary>One customer, several identities: link, unlink, merge and undo, each recorded, each put to the host's policy.</summary>
public sealed class CustomerLinkingTests
{
    [Fact]
    public async Task LinkingAnIdentity_ResolvesItsMessagesToTheCustomer_AndRecordsWhoWhenAndWhy()
    {
        await using var harness = new EngineHarness();
        var linking = harness.Services.GetRequiredService<ICustomerLinking>();
        var messenger = await harness.SayAsync("giulia.fb", "Hello from Messenger");
        var whatsapp = EngineHarness.Person("393471234567", ChannelId.WhatsApp);
        harness.Time.Advance(TimeSpan.FromMinutes(3));

        var result = await linking.LinkAsync(messenger.Customer, whatsapp, "zoe", "same person: confirmed on the phone");

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains(result.Customer!.Identities, p => p.UserKey == whatsapp.UserKey);
        var record = Assert.Single(result.Customer.LinkHistory);
        Assert.Equal((IdentityLinkAction.Linked, "zoe", "same person: confirmed on the phone", EngineHarness.Start.AddMinutes(3)), (record.Action, record.Actor, record.Reason, record.At));
        Assert.Equal(whatsapp, record.Identity);

        var fromWhatsApp = await harness.SayAsync("393471234567", "Also me, on WhatsApp", ChannelId.WhatsApp);
        Assert.Equal(messenger.Customer, fromWhatsApp.Customer);

        // Unlinked, the identity's next message starts a customer of its own; the first customer's history says why.
        var unlinked = await linking.UnlinkAsync(messenger.Customer, whatsapp, "zoe", "linked by mistake");
        Assert.True(unlinked.Succeeded);
        Assert.DoesNotContain(unlinked.Customer!.Identities, p => p.UserKey == whatsapp.UserKey);
        Assert.Equal([IdentityLinkAction.Linked, IdentityLinkAction.Unlinked], unlinked.Customer.LinkHistory.Select(r => r.Action));
        var after = await harness.Customers.ResolveAsync(whatsapp, default);
        Assert.NotEqual(messenger.Customer, after.Id);
    }

    [Fact]
    public async Task AMerge_MovesTheIdentities_KeepsBothHistories_AndCanBeUndone()
    {
        await using var harness = new EngineHarness();
        var linking = harness.Services.GetRequiredService<ICustomerLinking>();
        var onMessenger = await harness.SayAsync("marco.fb", "My order is late");
        var onX = await harness.SayAsync("marco_x", "Still waiting for my order", Channels.X);
        Assert.NotEqual(onMessenger.Customer, onX.Customer);

        var merged = await linking.MergeAsync(onX.Customer, onMessenger.Customer, "zoe", "same order number");

        Assert.True(merged.Succeeded, merged.Message);
        Assert.Equal(2, merged.Customer!.Identities.Count);
        var source = (await harness.Customers.GetAsync(onX.Customer, default))!;
        Assert.Equal(onMessenger.Customer, source.MergedInto);
        Assert.Empty(source.Identities);
        Assert.Equal(IdentityLinkAction.MergedInto, Assert.Single(source.LinkHistory).Action);
        Assert.Equal(IdentityLinkAction.MergedFrom, Assert.Single(merged.Customer.LinkHistory).Action);
        Assert.Equal(onMessenger.Customer, (await linking.ResolveAsync(onX.Customer))!.Id);

        // Both tickets are still there, under their own customers: nothing of either history is lost.
        Assert.Equal(onX.Customer, (await harness.TicketAsync(onX.Id)).Customer);
        Assert.Single(await harness.MessagesAsync(onX.Id));
        var next = await harness.SayAsync("marco_x", "Any news?", Channels.X);
        Assert.Equal(onMessenger.Customer, next.Customer);

        // Merged customers are changed through the one that remains.
        Assert.Equal(CustomerLinkError.Unavailable, (await linking.LinkAsync(onX.Customer, EngineHarness.Person("other"), "zoe", "x")).Error);

        var undone = await linking.UndoMergeAsync(onX.Customer, "zoe", "two people sharing an order");
        Assert.True(undone.Succeeded, undone.Message);
        Assert.Null(undone.Customer!.MergedInto);
        Assert.Equal("marco_x", Assert.Single(undone.Customer.Identities).UserKey.Value);
        var target = (await harness.Customers.GetAsync(onMessenger.Customer, default))!;
        Assert.Equal("marco.fb", Assert.Single(target.Identities).UserKey.Value);
        Assert.Equal([IdentityLinkAction.MergedFrom, IdentityLinkAction.MergeUndone], target.LinkHistory.Select(r => r.Action));
        Assert.Equal(onX.Customer, (await harness.Customers.ResolveAsync(EngineHarness.Person("marco_x", Channels.X), default)).Id);
        Assert.Equal(CustomerLinkError.NotMerged, (await linking.UndoMergeAsync(onX.Customer, "zoe", "again")).Error);
    }

    [Fact]
    public async Task LinkingAnIdentityAnotherCustomerHolds_MovesIt_NamesThemToThePolicy_AndBothHistoriesKeepTheMove()
    {
        var policy = new ScriptedPolicy();
        await using var harness = new EngineHarness(builder: b => b.Services.AddSingleton<ICustomerLinkPolicy>(policy));
        var linking = harness.Services.GetRequiredService<ICustomerLinking>();
        var giulia = await harness.SayAsync("giulia.fb", "Hello from Messenger");
        var onWhatsApp = await harness.SayAsync("393471234567", "Ciao, sono Giulia", ChannelId.WhatsApp);
        var whatsapp = EngineHarness.Person("393471234567", ChannelId.WhatsApp);

        var moved = await linking.LinkAsync(giulia.Customer, whatsapp, "zoe", "she confirmed her number");

        Assert.True(moved.Succeeded, moved.Message);
        var proposal = Assert.Single(policy.Proposals);
        Assert.Equal((IdentityLinkAction.Linked, giulia.Customer, onWhatsApp.Customer), (proposal.Kind, proposal.Customer, proposal.OtherCustomer));
        var linked = Assert.Single(moved.Customer!.LinkHistory);
        Assert.Equal((IdentityLinkAction.Linked, onWhatsApp.Customer), (linked.Action, linked.OtherCustomer));
        var left = (await harness.Customers.GetAsync(onWhatsApp.Customer, default))!;
        Assert.Empty(left.Identities);
        var unlinked = Assert.Single(left.LinkHistory);
        Assert.Equal((IdentityLinkAction.Unlinked, giulia.Customer, "zoe", "she confirmed her number"), (unlinked.Action, unlinked.OtherCustomer, unlinked.Actor, unlinked.Reason));
        Assert.Equal(whatsapp.UserKey, unlinked.Identity!.UserKey);
        Assert.Equal(giulia.Customer, (await harness.SayAsync("393471234567", "Di nuovo io", ChannelId.WhatsApp)).Customer);

        // A new identity names nobody.
        await linking.LinkAsync(giulia.Customer, EngineHarness.Person("giulia_x", Channels.X), "zoe", "her X account");
        Assert.Null(policy.Proposals[^1].OtherCustomer);
    }

    [Fact]
    public async Task TheHostsPolicy_DecidesEachChange_AndARefusalChangesNothing()
    {
        var policy = new ScriptedPolicy();
        await using var harness = new EngineHarness(builder: b => b.Services.AddSingleton<ICustomerLinkPolicy>(policy));
        var linking = harness.Services.GetRequiredService<ICustomerLinking>();
        var a = await harness.SayAsync("anna", "Hi");
        var b = await harness.SayAsync("anna_x", "Hi", Channels.X);

        policy.Answer = CustomerLinkDecision.Refuse("the CRM holds two contracts");
        var refused = await linking.MergeAsync(b.Customer, a.Customer, "zoe", "looks the same");

        Assert.Equal(CustomerLinkError.Refused, refused.Error);
        Assert.Equal("the CRM holds two contracts", refused.Message);
        Assert.Null((await harness.Customers.GetAsync(b.Customer, default))!.MergedInto);
        Assert.Single((await harness.Customers.GetAsync(a.Customer, default))!.Identities);
        var proposal = Assert.Single(policy.Proposals);
        Assert.Equal((IdentityLinkAction.MergedInto, b.Customer, a.Customer, "zoe"), (proposal.Kind, proposal.Customer, proposal.OtherCustomer, proposal.Actor));

        policy.Answer = CustomerLinkDecision.Approve;
        Assert.True((await linking.MergeAsync(b.Customer, a.Customer, "zoe", "confirmed")).Succeeded);
        Assert.Equal(CustomerLinkError.SameCustomer, (await linking.MergeAsync(a.Customer, a.Customer, "zoe", "x")).Error);
        Assert.Equal(CustomerLinkError.NotFound, (await linking.LinkAsync(new CustomerId("nobody"), EngineHarness.Person("z"), "zoe", "x")).Error);
    }

    private sealed class ScriptedPolicy : ICustomerLinkPolicy
    {
        public CustomerLinkDecision Answer { get; set; } = CustomerLinkDecision.Approve;

        public List<CustomerLinkProposal> Proposals { get; } = [];

        public ValueTask<CustomerLinkDecision> DecideAsync(CustomerLinkProposal proposal, CancellationToken cancellationToken)
        {
            Proposals.Add(proposal);
            return ValueTask.FromResult(Answer);
        }
    }
}
