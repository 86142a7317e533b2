using System.Text;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;
using SocialCare.Testing;

namespace SocialCare.Channels.WhatsApp.Tests;

/// <summary>The WhatsApp adapter passes the conformance suite every adapter passes.</summary>
/// <remarks>
/// The host's retries are off (<c>Resilience.MaxRetryAttempts = 0</c>), so that each fault the suite injects meets one
/// send and its mapping shows as it is; the retries themselves are tested with the resilience handler.
/// </remarks>
public sealed class WhatsAppAdapterConformanceTests : ChannelAdapterContractTests
{
    private const string Customer = "447700900123";
    private readonly WhatsAppHost _host = new(o => o.Resilience.MaxRetryAttempts = 0);

    protected override IChannelAdapter Adapter => _host.Adapter;

    protected override INetworkFaults Network => _host.Graph;

    protected override TimeProvider Clock => _host.Time;

    protected override string WebhookPath => WhatsAppHost.WebhookPath;

    protected override string SignatureHeader => "X-Hub-Signature-256";

    protected override string Secret => WhatsAppHost.AppSecret;

    protected override ConversationRef PrivateConversation
        => ConversationRef.PrivateWith(new Participant(ChannelId.WhatsApp, new ChannelAccountId(WhatsAppHost.PhoneNumberId), new NetworkUserId(Customer)));

    // Two messages for the first number, a delivery report and a read receipt, and a message for the second number.
    protected override int SeveralMessagesCount => 3;

    protected override string Sign(ReadOnlySpan<byte> body, string secret) => MetaWebhookSigner.Sign(body, secret);

    protected override byte[] OneMessage() => Fixtures.Read("whatsapp-text.json");

    protected override byte[] AnotherMessage()
        => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(OneMessage())
            .Replace("MDU4ODA1QkU5Q0VEQTMzQzE2Q0EA", "OTk5OTk5OTk5OTk5OTk5OTk5OTkA", StringComparison.Ordinal)
            .Replace("change the delivery address", "cancel", StringComparison.Ordinal));

    protected override byte[] SeveralMessages() => Fixtures.Read("whatsapp-batch-multiple-entries.json");

    protected override byte[] UnknownEvent() => Encoding.UTF8.GetBytes($$"""
        {"object":"whatsapp_business_account","entry":[{"id":"118273645501928","changes":[
          {"field":"account_alerts","value":{"entity_type":"WABA","entity_id":"118273645501928","alert_severity":"INFORMATIONAL","alert_status":"NONE"} } ] } ] }
        """);

    protected override WebhookRequest Handshake(string challenge) => MetaWebhookSigner.CreateHandshake(WhatsAppHost.VerifyToken, challenge, WebhookPath);

    protected override string HandshakeAnswer(string challenge) => challenge;

    protected override WebhookRequest ForgedHandshake(string challenge) => MetaWebhookSigner.CreateHandshake("not-the-verify-token", challenge, WebhookPath);

    public override Task DisposeAsync() => _host.DisposeAsync().AsTask();
}
