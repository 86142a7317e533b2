using SocialCare.Abstractions;
using SocialCare.Samples.CustomChannel.Sms;
using SocialCare.Testing;

namespace SocialCare.Samples.CustomChannel.Tests;

#region snippet:custom-conformance
/// <summary>The SMS adapter passes the conformance suite every adapter passes.</summary>
/// <remarks>
/// The adapter has no retries of its own, so each fault the suite injects into the gateway's fake meets one send. SMS has
/// no set-up handshake and no reply window: the suite checks that the capabilities and the fake agree on that.
/// </remarks>
public sealed class SmsAdapterConformanceTests : ChannelAdapterContractTests
{
    private readonly SmsHost _host = new();

    protected override IChannelAdapter Adapter => _host.Adapter;

    protected override INetworkFaults Network => _host.Gateway;

    protected override TimeProvider Clock => _host.Time;

    protected override string WebhookPath => SmsHost.WebhookPath;

    protected override string SignatureHeader => SmsDefaults.SignatureHeader;

    protected override string Secret => SmsHost.WebhookSecret;

    protected override ConversationRef PrivateConversation
        => ConversationRef.PrivateWith(new Participant(SmsHost.Channel, new ChannelAccountId(SmsHost.Number), new NetworkUserId(Callbacks.Customer)));

    protected override int SeveralMessagesCount => 3;

    protected override string Sign(ReadOnlySpan<byte> body, string secret) => SmsSigner.Sign(body, secret, Clock.GetUtcNow());

    protected override byte[] OneMessage() => Callbacks.Of(Callbacks.Received("EV1001", "SM9001", "My parcel never arrived"));

    protected override byte[] AnotherMessage() => Callbacks.Of(Callbacks.Received("EV1002", "SM9002", "Can I change the address?"));

    // Three texts and a delivery report in one callback, as the gateway batches them.
    protected override byte[] SeveralMessages() => Callbacks.Of(
        Callbacks.Received("EV1003", "SM9003", "Hello?"),
        Callbacks.Status("EV1004", "SM0042", "delivered"),
        Callbacks.Received("EV1005", "SM9005", "Anyone there?"),
        Callbacks.Received("EV1006", "SM9006", "Order 4711", from: "+447700900456"));

    protected override byte[] Echo() => Callbacks.Of(Callbacks.Outbound("EV1007", "SM0043", "Sent from the gateway's console"));

    protected override byte[] UnknownEvent() => Callbacks.Of("""{"id":"EV1008","type":"number.ported","occurred_at":"2026-11-20T18:29:00Z"}""");

    protected override WebhookRequest? Handshake(string challenge) => null;

    protected override string HandshakeAnswer(string challenge) => challenge;

    public override Task DisposeAsync() => _host.DisposeAsync().AsTask();
}
#endregion
