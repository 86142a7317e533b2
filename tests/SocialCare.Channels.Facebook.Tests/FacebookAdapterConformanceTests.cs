using System.Text;
using SocialCare.Abstractions;
using SocialCare.Testing;

namespace SocialCare.Channels.Facebook.Tests;

/// <summary>The Facebook adapter passes the conformance suite every adapter passes.</summary>
/// <remarks>
/// The host's retries are off (<c>Resilience.MaxRetryAttempts = 0</c>), so that each fault the suite injects meets one
/// send and its mapping shows as it is; the retries themselves are tested with the resilience handler.
/// </remarks>
public sealed class FacebookAdapterConformanceTests : ChannelAdapterContractTests
{
    private const string Customer = "6241839201847562";
    private readonly FacebookHost _host = new(o => o.Resilience.MaxRetryAttempts = 0);

    protected override IChannelAdapter Adapter => _host.Adapter;

    protected override INetworkFaults Network => _host.Graph;

    protected override TimeProvider Clock => _host.Time;

    protected override string WebhookPath => "/webhooks/facebook";

    protected override string SignatureHeader => "X-Hub-Signature-256";

    protected override string Secret => FacebookHost.AppSecret;

    protected override ConversationRef PrivateConversation
        => ConversationRef.PrivateWith(new Participant(ChannelId.Facebook, new ChannelAccountId(FacebookHost.PageId), new NetworkUserId(Customer)));

    protected override int SeveralMessagesCount => 3;

    protected override string Sign(ReadOnlySpan<byte> body, string secret) => FacebookWebhookSigner.Sign(body, secret);

    protected override byte[] OneMessage() => Fixtures.Read("messenger-text.json");

    protected override byte[] AnotherMessage()
        => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(OneMessage()).Replace("m_EXehXcv3__", "m_Other0001__", StringComparison.Ordinal).Replace("still hasn't arrived", "arrived broken", StringComparison.Ordinal));

    protected override byte[] SeveralMessages() => Fixtures.Read("messenger-batch-multiple-entries.json");

    protected override byte[] Echo() => Fixtures.Read("messenger-echo.json");

    protected override byte[] UnknownEvent() => Encoding.UTF8.GetBytes($$"""
        {"object":"page","entry":[{"id":"{{FacebookHost.PageId}}","time":1795097141412,"messaging":[
          {"sender":{"id":"{{Customer}}"},"recipient":{"id":"{{FacebookHost.PageId}}"},"timestamp":1795097141000,
           "game_play": { "game_id": "4711", "player_id": "p-1" } } ] } ] }
        """);

    protected override WebhookRequest Handshake(string challenge) => FacebookWebhookSigner.CreateHandshake(FacebookHost.VerifyToken, challenge);

    protected override string HandshakeAnswer(string challenge) => challenge;

    protected override WebhookRequest ForgedHandshake(string challenge) => FacebookWebhookSigner.CreateHandshake("not-the-verify-token", challenge);

    public override Task DisposeAsync() => _host.DisposeAsync().AsTask();
}
