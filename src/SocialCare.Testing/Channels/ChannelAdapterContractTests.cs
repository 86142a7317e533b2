using SocialCare.Abstractions;
using Xunit;

namespace SocialCare.Testing;

/// <summary>
/// The conformance suite every channel adapter passes, the built-in ones and an integrator's own: the signature failure
/// matrix, the set-up handshake, idempotency keys, several events in one request, echoes, unknown events, malformed
/// bodies and declared capabilities; and outbound, a reply reaching the network and the network's faults mapped to
/// <see cref="ChannelError"/>s (in <c>ChannelAdapterContractTests.Outbound.cs</c>).
/// </summary>
/// <remarks>
/// <para>
/// Derive a test class in your test project, give it the adapter (configured as an application configures it) and the
/// network's payloads, and every test below runs against it:
/// </para>
/// <code>
/// public sealed class SmsAdapterConformanceTests : ChannelAdapterContractTests
/// {
///     protected override IChannelAdapter Adapter { get; } = ...;
///     protected override INetworkFaults Network { get; } = ...;   // the fake of the network the adapter sends to
///     protected override string SignatureHeader => "X-Sms-Signature";
///     ...
/// }
/// </code>
/// <para>
/// The adapter is expected to follow <see cref="IChannelAdapter"/>'s rules: signatures checked over the raw body before
/// any JSON is read, bad input answered with a rejection (never an exception), the same network event always carrying
/// the same <see cref="IdempotencyKey"/>, and an operation the <see cref="IChannelAdapter.Capabilities"/> do not declare
/// refused with <see cref="NotSupportedException"/> rather than silently dropped.
/// </para>
/// </remarks>
public abstract partial class ChannelAdapterContractTests : IAsyncLifetime
{
    /// <summary>Prepares the adapter before each test; nothing by default.</summary>
    /// <returns>A task that completes when the adapter is ready.</returns>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Releases what the test class built for the adapter (its host, its emulator); nothing by default.</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Gets the adapter under test, configured with <see cref="Secret"/>.</summary>
    protected abstract IChannelAdapter Adapter { get; }

    /// <summary>Gets the webhook path the adapter is served under (for example <c>/webhooks/facebook</c>).</summary>
    protected abstract string WebhookPath { get; }

    /// <summary>Gets the HTTP header that carries the request's signature.</summary>
    protected abstract string SignatureHeader { get; }

    /// <summary>Gets the secret the adapter verifies signatures with.</summary>
    protected abstract string Secret { get; }

    /// <summary>Gets a conversation the adapter can send to (a customer's private chat on the adapter's account).</summary>
    protected abstract ConversationRef PrivateConversation { get; }

    /// <summary>Signs a body as the network does, giving the <see cref="SignatureHeader"/> value.</summary>
    /// <param name="body">The raw body.</param>
    /// <param name="secret">The secret.</param>
    /// <returns>The header value.</returns>
    protected abstract string Sign(ReadOnlySpan<byte> body, string secret);

    /// <summary>A request body carrying one text message a customer wrote.</summary>
    /// <returns>The body.</returns>
    protected abstract byte[] OneMessage();

    /// <summary>A request body carrying another customer message (a distinct network event).</summary>
    /// <returns>The body.</returns>
    protected abstract byte[] AnotherMessage();

    /// <summary>A request body carrying several customer messages (<see cref="SeveralMessagesCount"/> of them).</summary>
    /// <returns>The body.</returns>
    protected abstract byte[] SeveralMessages();

    /// <summary>Gets how many messages <see cref="SeveralMessages"/> carries.</summary>
    protected abstract int SeveralMessagesCount { get; }

    /// <summary>A request body in which the network echoes a message the brand sent; <see langword="null"/> when the network sends no echoes.</summary>
    /// <returns>The body, or <see langword="null"/>.</returns>
    protected virtual byte[]? Echo() => null;

    /// <summary>A well-formed request body carrying an event kind the adapter does not know.</summary>
    /// <returns>The body.</returns>
    protected abstract byte[] UnknownEvent();

    /// <summary>The network's set-up handshake with the right credentials, or <see langword="null"/> when the network has none.</summary>
    /// <param name="challenge">The challenge the network sends.</param>
    /// <returns>The request, or <see langword="null"/>.</returns>
    protected abstract WebhookRequest? Handshake(string challenge);

    /// <summary>What the answer to <see cref="Handshake"/> must contain.</summary>
    /// <param name="challenge">The challenge.</param>
    /// <returns>The expected text (the challenge itself, or a value derived from it).</returns>
    protected abstract string HandshakeAnswer(string challenge);

    /// <summary>A handshake with the wrong credentials, or <see langword="null"/> when the network's handshake has none to get wrong.</summary>
    /// <param name="challenge">The challenge.</param>
    /// <returns>The request, or <see langword="null"/>.</returns>
    protected virtual WebhookRequest? ForgedHandshake(string challenge) => null;

    /// <summary>A POST request to <see cref="WebhookPath"/> with the given headers.</summary>
    /// <param name="body">The body.</param>
    /// <param name="signature">The <see cref="SignatureHeader"/> value, or <see langword="null"/> for none.</param>
    /// <returns>The request.</returns>
    protected WebhookRequest Request(byte[] body, string? signature)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "application/json" };
        if (signature is not null)
        {
            headers[SignatureHeader] = signature;
        }

        return WebhookRequest.Post(WebhookPath, body, headers);
    }

    /// <summary>A POST request signed with <see cref="Secret"/>.</summary>
    /// <param name="body">The body.</param>
    /// <returns>The request.</returns>
    protected WebhookRequest Signed(byte[] body) => Request(body, Sign(body, Secret));

    /// <summary>A signed customer message is accepted as the customer's, with its raw JSON and the channel's key.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task ASignedMessage_IsAccepted_AsTheCustomersMessage()
    {
        var result = await Adapter.ReceiveAsync(Signed(OneMessage()), CancellationToken.None).ConfigureAwait(false);

        Assert.Equal(WebhookOutcome.Accepted, result.Outcome);
        Assert.InRange(result.StatusCode, 200, 299);
        var envelope = Assert.Single(result.Events, e => e.Event is MessageReceived);
        var message = (MessageReceived)envelope.Event;
        Assert.Equal((MessageDirection.Inbound, AuthorKind.Customer), (message.Direction, message.Author));
        Assert.Equal(Adapter.Channel, message.Key.Channel);
        Assert.Equal(Adapter.Channel, message.Conversation.Channel);
        Assert.NotEmpty(message.Parts);
        Assert.False(envelope.Raw.IsEmpty, "The event should carry its raw JSON fragment.");
    }

    /// <summary>Every way a signature can be wrong is refused with 401, and nothing is read from the body.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task TheSignatureFailureMatrix_IsRefusedWith401()
    {
        var body = OneMessage();
        var other = AnotherMessage();
        var tampered = (byte[])body.Clone();
        tampered[tampered.Length / 2] ^= 0x01;
        var truncated = Sign(body, Secret);
        truncated = truncated[..(truncated.Length - 4)];

        var cases = new (string Name, WebhookRequest Request, WebhookRejection? Expected)[]
        {
            ("no signature header", Request(body, null), WebhookRejection.MissingSignature),
            ("an empty signature", Request(body, string.Empty), null),
            ("garbage", Request(body, "not-a-signature"), WebhookRejection.InvalidSignature),
            ("another secret", Request(body, Sign(body, Secret + "-other")), WebhookRejection.InvalidSignature),
            ("another body's signature", Request(body, Sign(other, Secret)), WebhookRejection.InvalidSignature),
            ("a tampered body", Request(tampered, Sign(body, Secret)), WebhookRejection.InvalidSignature),
            ("a truncated signature", Request(body, truncated), WebhookRejection.InvalidSignature),
            ("an empty body", Request([], Sign(body, Secret)), null),
        };

        foreach (var (name, request, expected) in cases)
        {
            var result = await Adapter.ReceiveAsync(request, CancellationToken.None).ConfigureAwait(false);
            Assert.True(result.Outcome == WebhookOutcome.Rejected, $"{name}: expected a rejection, got {result.Outcome}.");
            Assert.True(result.StatusCode == 401, $"{name}: expected 401, got {result.StatusCode}.");
            Assert.True(
                result.Rejection is WebhookRejection.MissingSignature or WebhookRejection.InvalidSignature,
                $"{name}: expected a signature rejection, got {result.Rejection}.");
            if (expected is { } rejection)
            {
                Assert.True(result.Rejection == rejection, $"{name}: expected {rejection}, got {result.Rejection}.");
            }

            Assert.Empty(result.Events);
        }
    }

    /// <summary>A correctly signed body that is not the network's JSON is refused with 400, without an exception.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task ASignedMalformedBody_IsRefusedWith400()
    {
        foreach (var text in new[] { "{\"entry\": [", "not json at all", "[1, 2, 3]" })
        {
            var body = System.Text.Encoding.UTF8.GetBytes(text);
            var result = await Adapter.ReceiveAsync(Signed(body), CancellationToken.None).ConfigureAwait(false);

            Assert.True(result.Outcome == WebhookOutcome.Rejected && result.StatusCode == 400, $"'{text}': expected a 400 rejection, got {result.Outcome} {result.StatusCode}.");
            Assert.Equal(WebhookRejection.MalformedPayload, result.Rejection);
        }
    }

    /// <summary>The set-up handshake is answered; a forged one is refused and its challenge never echoed.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task TheHandshake_IsAnswered_AndAForgedOneRefused()
    {
        const string challenge = "conformance-challenge-4711";
        if (Handshake(challenge) is not { } handshake)
        {
            return;
        }

        var answered = await Adapter.ReceiveAsync(handshake, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(WebhookOutcome.Handshake, answered.Outcome);
        Assert.Equal(200, answered.StatusCode);
        Assert.Contains(HandshakeAnswer(challenge), answered.Body ?? string.Empty, StringComparison.Ordinal);

        if (ForgedHandshake(challenge) is { } forged)
        {
            var refused = await Adapter.ReceiveAsync(forged, CancellationToken.None).ConfigureAwait(false);
            Assert.Equal(WebhookOutcome.Rejected, refused.Outcome);
            Assert.InRange(refused.StatusCode, 401, 403);
            Assert.DoesNotContain(challenge, refused.Body ?? string.Empty, StringComparison.Ordinal);
        }
    }

    /// <summary>A redelivered request gives the same idempotency keys; distinct events give distinct keys.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task IdempotencyKeys_AreStableAcrossRedeliveries_AndDistinctAcrossEvents()
    {
        var first = await KeysAsync(OneMessage()).ConfigureAwait(false);
        var again = await KeysAsync(OneMessage()).ConfigureAwait(false);
        var other = await KeysAsync(AnotherMessage()).ConfigureAwait(false);
        var several = await KeysAsync(SeveralMessages()).ConfigureAwait(false);

        Assert.NotEmpty(first);
        Assert.Equal(first, again);
        Assert.Empty(first.Intersect(other));
        Assert.Equal(several.Count, several.Distinct().Count());
    }

    /// <summary>A request carrying several events gives every one of them, in order.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task SeveralEventsInOneRequest_AreAllRead()
    {
        var result = await Adapter.ReceiveAsync(Signed(SeveralMessages()), CancellationToken.None).ConfigureAwait(false);

        Assert.Equal(WebhookOutcome.Accepted, result.Outcome);
        var messages = result.Events.Select(e => e.Event).OfType<MessageReceived>().ToList();
        Assert.Equal(SeveralMessagesCount, messages.Count);
        Assert.All(messages, m => Assert.Equal(MessageDirection.Inbound, m.Direction));
    }

    /// <summary>The network's echo of a brand's message is never counted as the customer's.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task Echoes_AreNeverTheCustomers()
    {
        if (Echo() is not { } echo)
        {
            return;
        }

        var result = await Adapter.ReceiveAsync(Signed(echo), CancellationToken.None).ConfigureAwait(false);

        Assert.NotEqual(WebhookOutcome.Rejected, result.Outcome);
        Assert.All(result.Events.Select(e => e.Event).OfType<MessageReceived>(), m =>
        {
            Assert.Equal(MessageDirection.Outbound, m.Direction);
            Assert.NotEqual(AuthorKind.Customer, m.Author);
        });
    }

    /// <summary>An event kind the adapter does not know is acknowledged without error and records no message.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task UnknownEvents_AreIgnoredWithoutError()
    {
        var result = await Adapter.ReceiveAsync(Signed(UnknownEvent()), CancellationToken.None).ConfigureAwait(false);

        Assert.True(result.Outcome is WebhookOutcome.Ignored or WebhookOutcome.Accepted, $"Expected the event to be ignored, got {result.Outcome} ({result.Reason}).");
        Assert.InRange(result.StatusCode, 200, 299);
        Assert.DoesNotContain(result.Events, e => e.Event is MessageReceived);
    }

    /// <summary>A method the network never uses is refused with 405.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task AnotherMethod_IsRefusedWith405()
    {
        var result = await Adapter.ReceiveAsync(new WebhookRequest("PUT", WebhookPath, OneMessage()), CancellationToken.None).ConfigureAwait(false);

        Assert.Equal(WebhookOutcome.Rejected, result.Outcome);
        Assert.Equal(405, result.StatusCode);
    }

    /// <summary>Content of a kind the capabilities do not declare is refused with <see cref="NotSupportedException"/>, never dropped.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task UndeclaredContent_IsRefused_NotDropped()
    {
        var declared = Adapter.Capabilities.PartKinds;
        MessagePart? undeclared = (declared & MessagePartKinds.Location) == 0 ? new LocationPart(45.4642, 9.19)
            : (declared & MessagePartKinds.Contact) == 0 ? new ContactPart("Giulia Rossi")
            : (declared & MessagePartKinds.Choice) == 0 ? new ChoicePart(ChoiceKind.QuickReply, "Yes", "yes")
            : (declared & MessagePartKinds.Sticker) == 0 ? new MediaPart(MediaKind.Sticker) { Url = new Uri("https://example.com/sticker.webp") }
            : null;
        if (undeclared is null)
        {
            return;
        }

        var message = new OutboundMessage(MessageId.New(Clock.GetUtcNow()), PrivateConversation, [new TextPart("Here it is"), undeclared]);
        await Assert.ThrowsAsync<NotSupportedException>(() => Adapter.SendAsync(message, CancellationToken.None)).ConfigureAwait(false);
    }

    /// <summary>Actions the capabilities do not declare are refused with <see cref="NotSupportedException"/>.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task UndeclaredActions_AreRefused_NotDropped()
    {
        if (Adapter is not IChannelActions actions)
        {
            return;
        }

        var features = Adapter.Capabilities.Features;
        if ((features & ChannelFeatures.TypingIndicators) == 0)
        {
            await Assert.ThrowsAsync<NotSupportedException>(() => actions.SendActionAsync(PrivateConversation, ConversationAction.TypingOn, null, CancellationToken.None)).ConfigureAwait(false);
        }

        if ((features & ChannelFeatures.ReadReceipts) == 0)
        {
            await Assert.ThrowsAsync<NotSupportedException>(() => actions.SendActionAsync(PrivateConversation, ConversationAction.MarkSeen, null, CancellationToken.None)).ConfigureAwait(false);
        }

        if ((features & ChannelFeatures.Moderation) == 0)
        {
            await Assert.ThrowsAsync<NotSupportedException>(() => actions.ModerateAsync(PrivateConversation, new NetworkMessageId("m-1"), ModerationAction.Hide, CancellationToken.None)).ConfigureAwait(false);
        }
    }

    private async Task<List<IdempotencyKey>> KeysAsync(byte[] body)
    {
        var result = await Adapter.ReceiveAsync(Signed(body), CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(WebhookOutcome.Accepted, result.Outcome);
        return [.. result.Events.Select(e => e.Event.Key)];
    }
}
