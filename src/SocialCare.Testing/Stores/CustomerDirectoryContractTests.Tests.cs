using SocialCare.Abstractions;
using Xunit;

namespace SocialCare.Testing;

/// <content>The tests every customer directory passes.</content>
public abstract partial class CustomerDirectoryContractTests
{
    private static readonly ChannelAccountId Page = new("104512345678901");
    private static readonly ChannelAccountId Phone = new("109876543210987");

    /// <summary>A new identity makes a new customer, who reads back with that identity and its name.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ANewIdentityMakesANewCustomer()
    {
        var giulia = Messenger("7712345678901234") with { DisplayName = "Giulia Rossi", Handle = "giulia.r" };
        var customer = await Directory.ResolveAsync(giulia, CancellationToken.None).ConfigureAwait(false);

        Assert.Equal("Giulia Rossi", customer.DisplayName);
        Assert.Equal([giulia], customer.Identities);
        var read = await Directory.GetAsync(customer.Id, CancellationToken.None).ConfigureAwait(false);
        Assert.NotNull(read);
        Assert.Equal(SocialCareJson.Serialize(customer), SocialCareJson.Serialize(read));
        Assert.Null(await Directory.GetAsync(new CustomerId("nobody"), CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>The same identity resolves to the same customer, also from another instance, and the latest details are kept.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task TheSameIdentityResolvesToTheSameCustomer()
    {
        var first = await Directory.ResolveAsync(Messenger("u1") with { DisplayName = "Giulia" }, CancellationToken.None).ConfigureAwait(false);
        var second = await SecondDirectoryAsync().ConfigureAwait(false);
        var renamed = Messenger("u1") with { DisplayName = "Giulia Rossi", Handle = "giulia.r" };
        var again = await second.ResolveAsync(renamed, CancellationToken.None).ConfigureAwait(false);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal([renamed], again.Identities);
        Assert.Equal("Giulia", again.DisplayName);
        var read = await Directory.GetAsync(first.Id, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal([renamed], read?.Identities);
    }

    /// <summary>Identities are told apart by channel, account and user key (exactly).</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task IdentitiesAreToldApartByChannelAccountAndKey()
    {
        Participant[] identities =
        [
            Messenger("u1"),
            Messenger("U1"),
            Messenger("u1") with { Account = new ChannelAccountId("another-page") },
            new(ChannelId.X, Page, new NetworkUserId("u1")),
        ];
        var ids = new List<CustomerId>();
        foreach (var identity in identities)
        {
            ids.Add((await Directory.ResolveAsync(identity, CancellationToken.None).ConfigureAwait(false)).Id);
        }

        Assert.Equal(identities.Length, ids.Distinct().Count());
    }

    /// <summary>A new identity carrying the phone number of a known one on the same account belongs to the same customer.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ANewIdentityWithAKnownPhoneJoinsItsCustomer()
    {
        var byPhone = new Participant(ChannelId.WhatsApp, Phone, new NetworkUserId("393471234567")) { Phone = "393471234567", DisplayName = "Giulia" };
        var customer = await Directory.ResolveAsync(byPhone, CancellationToken.None).ConfigureAwait(false);

        var byScopedId = new Participant(ChannelId.WhatsApp, Phone, new NetworkUserId("IT.1234567890")) { Phone = "393471234567" };
        var same = await Directory.ResolveAsync(byScopedId, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(customer.Id, same.Id);
        Assert.Equal(2, same.Identities.Count);

        var elsewhere = byScopedId with { Account = new ChannelAccountId("another-number"), UserKey = new NetworkUserId("IT.999") };
        Assert.NotEqual(customer.Id, (await Directory.ResolveAsync(elsewhere, CancellationToken.None).ConfigureAwait(false)).Id);
    }

    /// <summary>Linking adds an identity; linking one that belonged to another customer moves it.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task LinkingAddsOrMovesAnIdentity()
    {
        var giulia = await Directory.ResolveAsync(Messenger("u1"), CancellationToken.None).ConfigureAwait(false);
        var other = await Directory.ResolveAsync(Messenger("u2"), CancellationToken.None).ConfigureAwait(false);
        var newNumber = new Participant(ChannelId.WhatsApp, Phone, new NetworkUserId("393470000000")) { Phone = "393470000000" };

        var linked = await Directory.LinkAsync(giulia.Id, newNumber, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal([Messenger("u1"), newNumber], linked.Identities);
        Assert.Equal(giulia.Id, (await Directory.ResolveAsync(newNumber, CancellationToken.None).ConfigureAwait(false)).Id);

        var moved = await Directory.LinkAsync(giulia.Id, Messenger("u2"), CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(3, moved.Identities.Count);
        Assert.Equal(giulia.Id, (await Directory.ResolveAsync(Messenger("u2"), CancellationToken.None).ConfigureAwait(false)).Id);
        var left = await Directory.GetAsync(other.Id, CancellationToken.None).ConfigureAwait(false);
        Assert.NotNull(left);
        Assert.Empty(left.Identities);

        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await Directory.LinkAsync(new CustomerId("nobody"), Messenger("u3"), CancellationToken.None).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>Many callers on two instances resolving one new identity at once get one customer.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ConcurrentResolvesOfANewIdentityMakeOneCustomer()
    {
        var second = await SecondDirectoryAsync().ConfigureAwait(false);
        for (var round = 0; round < 5; round++)
        {
            var identity = Messenger($"new-{round}");
            var customers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
                await (i % 2 == 0 ? Directory : second).ResolveAsync(identity, CancellationToken.None).ConfigureAwait(false)))).ConfigureAwait(false);

            Assert.Single(customers.Select(c => c.Id).Distinct());
        }
    }

    private static Participant Messenger(string key) => new(ChannelId.Facebook, Page, new NetworkUserId(key));
}
