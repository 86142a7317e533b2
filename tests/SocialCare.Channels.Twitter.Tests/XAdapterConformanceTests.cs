using System.Text;
using System.Text.Json.Nodes;
using SocialCare.Abstractions;
using SocialCare.Testing;

namespace SocialCare.Channels.Twitter.Tests;

/// <summary>The X adapter passes the conformance suite every adapter passes.</summary>
/// <remarks>
/// The host's retries are off (<c>Resilience.MaxRetryAttempts = 0</c>), so that each fault the suite injects meets one
/// send and its mapping shows as it is; the retries themselves are tested with the resilience handler.
/// X has no reply window: its capabilities declare none, and the emulator refuses to fake one.
/// </remarks>
public sealed class XAdapterConformanceTests : ChannelAdapterContractTests
{
    private const string Customer = "1402938475610284033";
    private readonly XHost _host = new(o => o.Resilience.MaxRetryAttempts = 0);

    protected override IChannelAdapter Adapter => _host.Adapter;

    protected override INetworkFaults Network => _host.X;

    protected override TimeProvider Clock => _host.Time;

    protected override string WebhookPath => XHost.WebhookPath;

    protected override string SignatureHeader => XDefaults.SignatureHeader;

    protected override string Secret => XHost.ConsumerSecret;

    protected override ConversationRef PrivateConversation
        => ConversationRef.PrivateWith(new Participant(ChannelId.X, new ChannelAccountId(XHost.Brand), new NetworkUserId(Customer)));

    protected override int SeveralMessagesCount => 3;

    protected override string Sign(ReadOnlySpan<byte> body, string secret) => XWebhookSigner.Sign(body, secret);

    protected override byte[] OneMessage() => XFixtures.Read("aaa-dm-text.json");

    protected override byte[] AnotherMessage() => WithEvents("2110298073131778999");

    // Three direct messages in one delivery, as X batches them.
    protected override byte[] SeveralMessages() => WithEvents("2110298073131778401", "2110298073131778402", "2110298073131778403");

    protected override byte[] Echo() => XFixtures.Read("aaa-dm-outbound-echo.json");

    protected override byte[] UnknownEvent() => Encoding.UTF8.GetBytes($$"""
        {"for_user_id":"{{XHost.Brand}}","spaces_events":[{"id":"1","state":"live"}]}
        """);

    protected override WebhookRequest Handshake(string challenge)
        => WebhookRequest.Get(WebhookPath, new Dictionary<string, string> { ["crc_token"] = challenge });

    protected override string HandshakeAnswer(string challenge) => XWebhookSigner.CrcResponseToken(challenge, XHost.ConsumerSecret);

    public override Task DisposeAsync() => _host.DisposeAsync().AsTask();

    /// <summary>The DM fixture with its one event repeated under the given ids.</summary>
    private static byte[] WithEvents(params string[] ids)
    {
        var document = JsonNode.Parse(XFixtures.Read("aaa-dm-text.json"))!.AsObject();
        var template = document["direct_message_events"]![0]!;
        var events = new JsonArray();
        foreach (var id in ids)
        {
            var copy = template.DeepClone();
            copy["id"] = id;
            events.Add(copy);
        }

        document["direct_message_events"] = events;
        return Encoding.UTF8.GetBytes(document.ToJsonString());
    }
}
