using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Channels.Facebook;
using SocialCare.Channels.Twitter;
using SocialCare.Channels.WhatsApp;

namespace SocialCare.Samples.Inbox.Api;

/// <summary>The business accounts the inbox serves on each channel: Facebook Pages, WhatsApp numbers and X accounts.</summary>
/// <param name="facebook">The Facebook options.</param>
/// <param name="whatsApp">The WhatsApp options.</param>
/// <param name="x">The X options.</param>
public sealed class InboxAccounts(IOptionsMonitor<FacebookOptions> facebook, IOptionsMonitor<WhatsAppOptions> whatsApp, IOptionsMonitor<XOptions> x)
{
    /// <summary>Gets the accounts per channel id (<c>facebook</c>, <c>whatsapp</c>, <c>x</c>); channels without one are left out.</summary>
    /// <returns>The accounts.</returns>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> All()
    {
        var all = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        Add(all, ChannelId.Facebook, facebook.CurrentValue.Pages.Select(p => p.PageId));
        Add(all, ChannelId.WhatsApp, whatsApp.CurrentValue.PhoneNumbers.Select(p => p.PhoneNumberId));
        Add(all, ChannelId.X, x.CurrentValue.Accounts.Select(a => a.UserId));
        return all;
    }

    /// <summary>The channel's only account, for requests that leave it out; <see langword="null"/> when it has none or several.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The account, or <see langword="null"/>.</returns>
    public string? OnlyAccountOf(ChannelId channel)
        => All().TryGetValue(channel.Value, out var accounts) && accounts.Count == 1 ? accounts[0] : null;

    private static void Add(Dictionary<string, IReadOnlyList<string>> all, ChannelId channel, IEnumerable<string?> accounts)
    {
        string[] known = [.. accounts.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!).Distinct(StringComparer.Ordinal)];
        if (known.Length > 0)
        {
            all[channel.Value] = known;
        }
    }
}
