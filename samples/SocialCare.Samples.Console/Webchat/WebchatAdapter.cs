using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Samples.Console.Webchat;

/// <summary>
/// The webchat channel: a website chat widget that POSTs signed JSON callbacks to <c>/webhooks/webchat</c> and polls
/// the <see cref="WebchatOutbox"/> for answers.
/// </summary>
/// <remarks>A singleton; thread-safe, as it keeps no per-request state. Users reach it only through <c>AddWebchat(…)</c>.</remarks>
internal sealed class WebchatAdapter : IChannelAdapter
{
    private static readonly ChannelId Webchat = new("webchat");
    private readonly WebhookSignatureVerifier _verifier;
    private readonly ChannelAccountId _site;
    private readonly WebchatOutbox _outbox;

    public WebchatAdapter(IOptions<WebchatOptions> options, WebchatOutbox outbox)
    {
        var value = options.Value;
        _verifier = new WebhookSignatureVerifier([value.Secret, value.PreviousSecret]);
        _site = new ChannelAccountId(value.SiteId);
        _outbox = outbox;
    }

    public ChannelId Channel => Webchat;

    // The widget shows plain text, and the brand may answer at any time: no reply window, no optional features.
    public ChannelCapabilities Capabilities { get; } = new(ChannelFeatures.None, MessagePartKinds.Text);

    public ValueTask<WebhookResult> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = request.IsPost ? Receive(request)
            : request.IsGet ? Handshake(request)
            : WebhookResult.Rejected(WebhookRejection.MethodNotAllowed);
        return ValueTask.FromResult(result);
    }

    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Template is not null || message.Parts.Count == 0 || message.Parts.Any(p => p is not TextPart))
        {
            throw new NotSupportedException("The webchat widget shows text only.");
        }

        // No network to call: the answer waits in the outbox until the visitor's widget polls for it.
        var text = string.Join('\n', message.Parts.Cast<TextPart>().Select(p => p.Text));
        return Task.FromResult(SendResult.Sent(_outbox.Add(message.Conversation.Thread.Value, text)));
    }

    // When the site owner pastes the webhook address into the widget's settings, the widget checks it answers with the
    // challenge. Echoing it reveals nothing, so it is not signed; every POST is.
    private static WebhookResult Handshake(WebhookRequest request)
        => request.GetQuery("challenge") is { Length: > 0 } challenge
            ? WebhookResult.Handshake(challenge)
            : WebhookResult.Rejected(WebhookRejection.HandshakeFailed, "The challenge parameter is missing.");

    private WebhookResult Receive(WebhookRequest request)
    {
        // Verify the raw bytes before reading any JSON, so that nothing unauthenticated reaches the parser.
        if (request.GetHeader(WebchatSigner.HeaderName) is not { } header)
        {
            return WebhookResult.Rejected(WebhookRejection.MissingSignature, $"The {WebchatSigner.HeaderName} header is missing.");
        }

        if (!header.StartsWith(WebchatSigner.Prefix, StringComparison.Ordinal)
            || !_verifier.IsValid(request.Body.Span, header.AsSpan(WebchatSigner.Prefix.Length), SignatureEncoding.Hex))
        {
            return WebhookResult.Rejected(WebhookRejection.InvalidSignature, "The signature does not match the body.");
        }

        try
        {
            var callback = JsonSerializer.Deserialize(request.Body.Span, WebchatJsonContext.Default.WebchatCallback);
            if (callback is not { Site: { } site, Events: { } events })
            {
                return Malformed("The body is not a webchat callback.");
            }

            // Authentic, but written for another site (one secret shared by several sites, or a copied widget
            // configuration). 403, not 2xx: accepting would drop the events silently, while a refusal shows up in the
            // widget's delivery log and keeps them for redelivery once the address is fixed.
            if (site != _site.Value)
            {
                return WebhookResult.Rejected(WebhookRejection.UnknownAccount, "The callback is for another site.");
            }

            List<InboundEnvelope> envelopes = [];
            foreach (var item in events)
            {
                if (item.Deserialize(WebchatJsonContext.Default.WebchatEvent) is not { } wire || Map(wire) is not { } inbound)
                {
                    return Malformed("An event lacks its id, type, visitor, timestamp, message id or text.");
                }

                // The event's own JSON travels beside the model, copied because the request's buffer is not ours to keep.
                envelopes.Add(new InboundEnvelope(inbound) { Raw = JsonMarshal.GetRawUtf8Value(item).ToArray() });
            }

            return envelopes.Count == 0 ? WebhookResult.Ignored("The callback carries no events.") : WebhookResult.Accepted(envelopes);
        }
        catch (JsonException)
        {
            // Bad input is the sender's mistake: answer 400 (not retried) rather than throw.
            return Malformed("The body is not valid webchat JSON.");
        }
    }

    private InboundEvent? Map(WebchatEvent e)
    {
        if (e is not { Id: { } id, Type: { } type, Visitor: { Id: { } visitorId } visitor, Timestamp: { } at }
            || string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(visitorId))
        {
            return null;
        }

        var customer = new Participant(Webchat, _site, new NetworkUserId(visitorId)) { DisplayName = visitor.Name };
        var key = new IdempotencyKey(Webchat, _site, id);
        var conversation = ConversationRef.PrivateWith(customer);
        NetworkMessageId? messageId = string.IsNullOrWhiteSpace(e.MessageId) ? null : new(e.MessageId);
        IReadOnlyList<MessagePart>? parts = e.Text is null ? null : [new TextPart(e.Text)];
        return type switch
        {
            // agent_message echoes what the brand wrote in the widget's own dashboard: it travelled to the visitor.
            "message" or "agent_message" when messageId is { } received && parts is not null
                => new MessageReceived(key, conversation, customer, at, received, parts)
                {
                    Direction = type == "message" ? MessageDirection.Inbound : MessageDirection.Outbound,
                    Author = type == "message" ? AuthorKind.Customer : AuthorKind.Agent,
                    ReplyTo = string.IsNullOrWhiteSpace(e.ReplyTo) ? null : new NetworkMessageId(e.ReplyTo),
                },
            "edit" when messageId is { } edited && parts is not null => new MessageEdited(key, conversation, customer, at, edited, parts),
            "message" or "agent_message" or "edit" => null,

            // The widget reports that the visitor saw everything up to the timestamp.
            "read" => new DeliveryStatusChanged(key, conversation, customer, at, DeliveryStatus.Read) { Watermark = at },

            // A newer widget may send kinds we do not know yet: keep them on the timeline rather than lose them.
            _ => new UnsupportedEvent(key, conversation, customer, at, type),
        };
    }

    private static WebhookResult Malformed(string reason) => WebhookResult.Rejected(WebhookRejection.MalformedPayload, reason);
}
