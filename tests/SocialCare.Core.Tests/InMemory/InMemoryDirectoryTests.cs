using SocialCare.Testing;

namespace SocialCare.Core.Tests.InMemory;

public class InMemoryDirectoryTests
{
    private static readonly Participant OnWhatsApp = new(ChannelId.WhatsApp, new ChannelAccountId("phone-1"), new NetworkUserId("US.1")) { Phone = "393471234567" };
    private static readonly Participant OnFacebook = new(ChannelId.Facebook, new ChannelAccountId("page-1"), new NetworkUserId("psid-1")) { DisplayName = "Giulia" };

    [Fact]
    public async Task Resolve_SameIdentityTwice_IsOneCustomer()
    {
        var directory = new InMemoryCustomerDirectory(new FakeTimeProvider());

        var first = await directory.ResolveAsync(OnWhatsApp, default);
        var second = await directory.ResolveAsync(OnWhatsApp, default);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1, directory.Count);
    }

    [Fact]
    public async Task Resolve_ChangedPhone_UpdatesTheIdentityNotANewCustomer()
    {
        var directory = new InMemoryCustomerDirectory(new FakeTimeProvider());
        var first = await directory.ResolveAsync(OnWhatsApp, default);

        var moved = await directory.ResolveAsync(OnWhatsApp with { Phone = "393479999999" }, default);

        Assert.Equal(first.Id, moved.Id);
        Assert.Equal("393479999999", Assert.Single(moved.Identities).Phone);
    }

    [Fact]
    public async Task Link_OtherChannelIdentity_ResolvesToTheSameCustomer()
    {
        var directory = new InMemoryCustomerDirectory(new FakeTimeProvider());
        var customer = await directory.ResolveAsync(OnWhatsApp, default);

        directory.Link(customer.Id, OnFacebook);
        var resolved = await directory.ResolveAsync(OnFacebook, default);

        Assert.Equal(customer.Id, resolved.Id);
        Assert.Equal(2, resolved.Identities.Count);
        var other = await directory.ResolveAsync(OnWhatsApp with { UserKey = new NetworkUserId("US.2"), Phone = "393470000000" }, default);
        Assert.Throws<InvalidOperationException>(() => directory.Link(other.Id, OnFacebook));
    }

    [Fact]
    public async Task Resolve_NewKeyWithAKnownPhoneOnTheSameAccount_IsTheSameCustomer()
    {
        var directory = new InMemoryCustomerDirectory(new FakeTimeProvider());
        var byPhone = await directory.ResolveAsync(OnWhatsApp with { UserKey = new NetworkUserId("393471234567") }, default);

        var byId = await directory.ResolveAsync(OnWhatsApp, default);
        var otherAccount = await directory.ResolveAsync(OnWhatsApp with { Account = new ChannelAccountId("phone-2") }, default);

        Assert.Equal(byPhone.Id, byId.Id);
        Assert.Equal(2, byId.Identities.Count);
        Assert.NotEqual(byPhone.Id, otherAccount.Id);
        Assert.Equal(byId.Id, (await directory.ResolveAsync(OnWhatsApp, default)).Id);
    }

    [Fact]
    public async Task LinkAsync_IdentityOfAnotherCustomer_MovesIt()
    {
        var directory = new InMemoryCustomerDirectory(new FakeTimeProvider());
        var oliver = await directory.ResolveAsync(OnWhatsApp, default);
        var newNumber = OnWhatsApp with { UserKey = new NetworkUserId("US.9"), Phone = "393470000009" };
        var stranger = await directory.ResolveAsync(newNumber, default);

        var linked = await directory.LinkAsync(oliver.Id, newNumber, default);

        Assert.Equal(2, linked.Identities.Count);
        Assert.Equal(oliver.Id, (await directory.ResolveAsync(newNumber, default)).Id);
        Assert.Empty((await directory.GetAsync(stranger.Id, default))!.Identities);
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await directory.LinkAsync(CustomerId.New(DateTimeOffset.UnixEpoch), newNumber, default));
    }

    [Fact]
    public async Task Resolve_ByPhone_FollowsAnIdentityThatMoved_AndForgetsANumberNobodyHolds()
    {
        var directory = new InMemoryCustomerDirectory(new FakeTimeProvider());
        var oliver = await directory.ResolveAsync(OnWhatsApp, default);
        var number = OnWhatsApp with { UserKey = new NetworkUserId("US.9"), Phone = "393470000009" };
        var stranger = await directory.ResolveAsync(number, default);
        await directory.LinkAsync(oliver.Id, number, default);

        // The same number under a new key: the phone index still names the stranger, who no longer holds it.
        var again = await directory.ResolveAsync(number with { UserKey = new NetworkUserId("US.10") }, default);
        Assert.Equal(oliver.Id, again.Id);

        // A number changed away from is no longer anyone's: a new key with it is a new customer.
        await directory.ResolveAsync(OnWhatsApp with { Phone = "393471111111" }, default);
        var fresh = await directory.ResolveAsync(OnWhatsApp with { UserKey = new NetworkUserId("US.11"), Phone = "393471234567" }, default);
        Assert.NotEqual(oliver.Id, fresh.Id);
        Assert.NotEqual(stranger.Id, fresh.Id);
    }

    [Fact]
    public async Task Update_Details_KeepsIdentities()
    {
        var directory = new InMemoryCustomerDirectory(new FakeTimeProvider());
        var customer = await directory.ResolveAsync(OnWhatsApp, default);

        directory.Update(customer with { IsVip = true, Identities = [] });

        var stored = (await directory.GetAsync(customer.Id, default))!;
        Assert.True(stored.IsVip);
        Assert.Single(stored.Identities);
    }

    [Fact]
    public async Task Agents_UpsertPresenceAndRemove()
    {
        var directory = new InMemoryAgentDirectory();
        var marco = new Agent(new AgentId("a1"), "Marco") { Capacity = 3 };

        directory.Upsert(marco);
        directory.SetPresence(marco.Id, AgentPresence.Available);

        Assert.Equal(AgentPresence.Available, (await directory.GetAsync(marco.Id, default))!.Presence);
        Assert.Single(await directory.GetAgentsAsync(default));
        Assert.True(directory.Remove(marco.Id));
        Assert.Throws<KeyNotFoundException>(() => directory.SetPresence(marco.Id, AgentPresence.Away));
    }
}
