using SocialCare.Abstractions;
using Xunit;

namespace SocialCare.Testing;

/// <content>Unlinking identities and saving a customer's details, link history, merge and erasure marks.</content>
public abstract partial class CustomerDirectoryContractTests
{
    /// <summary>An unlinked identity resolves to a new customer; the former owner keeps their other identities, also seen from another instance.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task AnUnlinkedIdentity_ResolvesToANewCustomer()
    {
        var giulia = await Directory.ResolveAsync(Messenger("u1"), CancellationToken.None).ConfigureAwait(false);
        giulia = await Directory.LinkAsync(giulia.Id, Messenger("u2"), CancellationToken.None).ConfigureAwait(false);

        var after = await Directory.UnlinkAsync(giulia.Id, Messenger("u2") with { DisplayName = "another name" }, CancellationToken.None).ConfigureAwait(false);

        Assert.Equal([Messenger("u1")], after.Identities);
        var second = await SecondDirectoryAsync().ConfigureAwait(false);
        Assert.Equal([Messenger("u1")], (await second.GetAsync(giulia.Id, CancellationToken.None).ConfigureAwait(false))!.Identities);
        var stranger = await second.ResolveAsync(Messenger("u2"), CancellationToken.None).ConfigureAwait(false);
        Assert.NotEqual(giulia.Id, stranger.Id);
        Assert.Equal(giulia.Id, (await Directory.ResolveAsync(Messenger("u1"), CancellationToken.None).ConfigureAwait(false)).Id);

        // Unlinking what is not theirs changes nothing; the last identity can go, the customer stays.
        Assert.Equal([Messenger("u1")], (await Directory.UnlinkAsync(giulia.Id, Messenger("u9"), CancellationToken.None).ConfigureAwait(false)).Identities);
        Assert.Empty((await Directory.UnlinkAsync(giulia.Id, Messenger("u1"), CancellationToken.None).ConfigureAwait(false)).Identities);
        Assert.NotNull(await Directory.GetAsync(giulia.Id, CancellationToken.None).ConfigureAwait(false));
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await Directory.UnlinkAsync(new CustomerId("nobody"), Messenger("u1"), CancellationToken.None).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>Finding an identity's customer creates nobody, follows a move, and finds nothing once it is unlinked.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task FindingAnIdentity_CreatesNoCustomer_AndFollowsItsMoves()
    {
        Assert.Null(await Directory.FindAsync(Messenger("u1"), CancellationToken.None).ConfigureAwait(false));
        Assert.Null(await Directory.FindAsync(Messenger("u1"), CancellationToken.None).ConfigureAwait(false));
        var giulia = await Directory.ResolveAsync(Messenger("u1") with { DisplayName = "Giulia" }, CancellationToken.None).ConfigureAwait(false);
        var marco = await Directory.ResolveAsync(Messenger("u2"), CancellationToken.None).ConfigureAwait(false);

        var found = await Directory.FindAsync(Messenger("u1") with { DisplayName = "another name" }, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(SocialCareJson.Serialize(giulia), SocialCareJson.Serialize(found));
        Assert.Null(await Directory.FindAsync(new Participant(ChannelId.X, Page, new NetworkUserId("u1")), CancellationToken.None).ConfigureAwait(false));

        await Directory.LinkAsync(marco.Id, Messenger("u1"), CancellationToken.None).ConfigureAwait(false);
        var second = await SecondDirectoryAsync().ConfigureAwait(false);
        Assert.Equal(marco.Id, (await second.FindAsync(Messenger("u1"), CancellationToken.None).ConfigureAwait(false))?.Id);

        await Directory.UnlinkAsync(marco.Id, Messenger("u1"), CancellationToken.None).ConfigureAwait(false);
        Assert.Null(await Directory.FindAsync(Messenger("u1"), CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>An identity that carries a phone number is gone for good once unlinked: the number no longer finds the customer.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task AnUnlinkedPhone_NoLongerFindsTheCustomer()
    {
        var marco = await Directory.ResolveAsync(WhatsApp("393331234567") with { Phone = "393331234567" }, CancellationToken.None).ConfigureAwait(false);

        await Directory.UnlinkAsync(marco.Id, WhatsApp("393331234567"), CancellationToken.None).ConfigureAwait(false);

        var again = await Directory.ResolveAsync(WhatsApp("IT.bsuid.1") with { Phone = "393331234567" }, CancellationToken.None).ConfigureAwait(false);
        Assert.NotEqual(marco.Id, again.Id);
    }

    /// <summary>Details, link history, merge and erasure marks are saved; the identities are the stored ones, whatever the update carries.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task AnUpdateSavesTheDetails_AndKeepsTheStoredIdentities()
    {
        var giulia = await Directory.ResolveAsync(Messenger("u1"), CancellationToken.None).ConfigureAwait(false);
        var at = Time.GetUtcNow();
        var changed = giulia with
        {
            Identities = [Messenger("someone-else")],
            DisplayName = "Giulia Rossi",
            IsVip = true,
            ExternalId = "crm-42",
            Language = "it",
            MergedInto = new CustomerId("c-target"),
            ErasedAt = at.AddDays(1),
            LinkHistory =
            [
                new IdentityLinkRecord(IdentityLinkAction.Linked, at, "zoe", "same person, confirmed by phone") { Identity = Messenger("u1") },
                new IdentityLinkRecord(IdentityLinkAction.MergedInto, at.AddMinutes(1), "crm", "duplicate") { OtherCustomer = new CustomerId("c-target"), Identities = [Messenger("u1")] },
            ],
        };

        var saved = await Directory.UpdateAsync(changed, CancellationToken.None).ConfigureAwait(false);

        var expected = changed with { Identities = [Messenger("u1")] };
        Assert.Equal(SocialCareJson.Serialize(expected), SocialCareJson.Serialize(saved));
        var second = await SecondDirectoryAsync().ConfigureAwait(false);
        Assert.Equal(SocialCareJson.Serialize(expected), SocialCareJson.Serialize(await second.GetAsync(giulia.Id, CancellationToken.None).ConfigureAwait(false)));
        Assert.Equal(giulia.Id, (await Directory.ResolveAsync(Messenger("u1"), CancellationToken.None).ConfigureAwait(false)).Id);
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await Directory.UpdateAsync(changed with { Id = new CustomerId("nobody") }, CancellationToken.None).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private static Participant WhatsApp(string key) => new(ChannelId.WhatsApp, Phone, new NetworkUserId(key));
}
