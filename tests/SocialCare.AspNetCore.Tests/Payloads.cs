using SocialCare.Abstractions;
using SocialCare.Channels.Facebook;
using SocialCare.Channels.Meta;
using SocialCare.Channels.Twitter;
using SocialCare.Testing;
using SocialCare.Testing.Meta;

namespace SocialCare.AspNetCore.Tests;

/// <summary>A customer's text message as each network writes it, signed as each network signs it.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Body">The exact body bytes.</param>
/// <param name="Headers">The signature header.</param>
/// <param name="Account">The business account it is for (Page, phone number id, X account).</param>
/// <param name="NetworkId">The message's network id.</param>
internal sealed record SignedWebhook(ChannelId Channel, byte[] Body, IReadOnlyDictionary<string, string> Headers, ChannelAccountId Account, NetworkMessageId NetworkId)
{
    public const string Psid = "6241839201847562";
    public const string WhatsAppCustomer = "447700900123";
    public const string XCustomer = "1500000000000000042";

    private static long _nextXId = 1_000;

    /// <summary>Writes and signs a text message for a channel.</summary>
    /// <param name="channel">facebook, whatsapp or x.</param>
    /// <param name="id">Makes the message's network id unique.</param>
    /// <param name="text">The text.</param>
    /// <param name="secret">The secret to sign with; the app's by default (another one forges the signature).</param>
    public static SignedWebhook Text(string channel, string id, string text = "Hello, where is my order 48213?", string? secret = null)
    {
        var at = TimeProvider.System.GetUtcNow();
        switch (channel)
        {
            case "facebook":
            {
                var mid = "m_" + id;
                var body = GraphApiEmulator.TextMessageWebhook(WebhookApp.PageId, Psid, mid, text, at);
                return new(ChannelId.Facebook, body, Header(MetaDefaults.SignatureHeader, FacebookWebhookSigner.Sign(body, secret ?? WebhookApp.MetaAppSecret)), new(WebhookApp.PageId), new(mid));
            }

            case "whatsapp":
            {
                var wamid = "wamid." + id;
                var body = GraphApiEmulator.WhatsAppTextWebhook(WebhookApp.WabaId, WebhookApp.PhoneNumberId, WhatsAppCustomer, null, "Giulia Rossi", wamid, text, at);
                return new(ChannelId.WhatsApp, body, Header(MetaDefaults.SignatureHeader, MetaWebhookSigner.Sign(body, secret ?? WebhookApp.MetaAppSecret)), new(WebhookApp.PhoneNumberId), new(wamid));
            }

            case "x":
            {
                // X's ids are numbers: a counter keeps them unique within the run.
                var dmId = "18" + Interlocked.Increment(ref _nextXId).ToString("D17", System.Globalization.CultureInfo.InvariantCulture);
                var body = XWebhooks.DirectMessage(WebhookApp.XBrandId, dmId, XCustomer, WebhookApp.XBrandId, text, at, "Giulia Rossi", "giulia_r");
                return new(ChannelId.X, body, Header(XDefaults.SignatureHeader, XWebhooks.Sign(body, secret ?? WebhookApp.XConsumerSecret)), new(WebhookApp.XBrandId), new(dmId));
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(channel), channel, "facebook, whatsapp or x");
        }
    }

    /// <summary>Signs other bytes as the channel would.</summary>
    public static IReadOnlyDictionary<string, string> Sign(string channel, byte[] body) => channel switch
    {
        "facebook" or "whatsapp" => Header(MetaDefaults.SignatureHeader, MetaWebhookSigner.Sign(body, WebhookApp.MetaAppSecret)),
        "x" => Header(XDefaults.SignatureHeader, XWebhooks.Sign(body, WebhookApp.XConsumerSecret)),
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "facebook, whatsapp or x"),
    };

    private static Dictionary<string, string> Header(string name, string value) => new(StringComparer.OrdinalIgnoreCase) { [name] = value };
}
