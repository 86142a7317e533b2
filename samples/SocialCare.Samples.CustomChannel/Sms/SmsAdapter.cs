using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Samples.CustomChannel.Sms;

/// <summary>
/// The SMS channel: the gateway POSTs signed callbacks (messages and delivery statuses) to <c>/webhooks/sms</c>, and
/// replies go out through its HTTP API.
/// </summary>
/// <remarks>A singleton; thread-safe, as it keeps no per-request state. Users reach it only through <c>AddSms(…)</c>.</remarks>
internal sealed class SmsAdapter : IChannelAdapter
{
    private static readonly ChannelId Sms = new("sms");
    private readonly WebhookSignatureVerifier _verifier;
    private readonly SmsOptions _options;
    private readonly ChannelAccountId _number;
    private readonly IHttpClientFactory _http;
    private readonly TimeProvider _time;

    public SmsAdapter(IOptions<SmsOptions> options, IHttpClientFactory http, TimeProvider time)
    {
        _options = options.Value;
        _verifier = new WebhookSignatureVerifier([_options.WebhookSecret, _options.PreviousWebhookSecret]);
        _number = new ChannelAccountId(_options.PhoneNumber);
        _http = http;
        _time = time;
    }

    public ChannelId Channel => Sms;

    #region snippet:custom-capabilities
    // Plain text, private conversations only, and no reply window: SMS may be sent at any time (opt-outs are the
    // gateway's to enforce, and it says so with an error). Declaring less than the network offers is fine; more is not.
    public ChannelCapabilities Capabilities { get; } = new(ChannelFeatures.None, MessagePartKinds.Text)
    {
        MaxTextLength = SmsDefaults.MaxTextLength,
    };
    #endregion

    public ValueTask<WebhookResult> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = !request.IsPost ? WebhookResult.Rejected(WebhookRejection.MethodNotAllowed)
            : Verify(request) ?? Read(request.Body);
        return ValueTask.FromResult(result);
    }

    #region snippet:custom-send
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Conversation.Visibility != ConversationVisibility.Private || message.PrivateReply
            || message.Template is not null || message.Parts.Count == 0 || message.Parts.Any(p => p is not TextPart))
        {
            // Undeclared content is the caller's mistake: refuse it loudly, never drop it.
            throw new NotSupportedException("SMS carries private text messages only: no public replies, templates or media.");
        }

        var text = string.Join("\n\n", message.Parts.Cast<TextPart>().Select(p => p.Text));
        var to = message.Recipient?.UserKey.Value ?? message.Conversation.Thread.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.GatewayBaseUrl!, "v1/messages"))
        {
            Content = JsonContent.Create(new SmsSendRequest(_options.PhoneNumber, to, text, message.Id.Value), SmsJsonContext.Default.SmsSendRequest),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        try
        {
            using var response = await _http.CreateClient(SmsDefaults.HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var wait = response.Headers.RetryAfter is { } after ? after.Delta ?? after.Date - _time.GetUtcNow() : null;
                return SendResult.Failed(MapError((int)response.StatusCode, TryRead(body, SmsJsonContext.Default.SmsErrorResponse)?.Error, wait));
            }

            return TryRead(body, SmsJsonContext.Default.SmsSendResponse) is { Id: { Length: > 0 } id }
                ? SendResult.Sent(new NetworkMessageId(id))
                : SendResult.Failed(new ChannelError("no_message_id", "The gateway accepted the message but returned no id."));
        }
        catch (HttpRequestException)
        {
            return SendResult.Failed(Transient("transport_error", "The SMS gateway could not be reached."));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not the caller's token: HttpClient.Timeout ran out. Whether the gateway took the message is unknown.
            return SendResult.Failed(Transient("timeout", "The SMS gateway did not answer in time."));
        }
    }
    #endregion

    #region snippet:custom-verify
    // Verify the raw bytes before reading any JSON, so that nothing unauthenticated reaches the parser. The header is
    // "t={unix seconds},v1={hex HMAC-SHA256 of "{t}." + body}": the timestamp is signed too, so an old callback cannot be
    // replayed. WebhookSignatureVerifier compares in constant time and accepts the previous secret during a rotation.
    private WebhookResult? Verify(WebhookRequest request)
    {
        if (request.GetHeader(SmsDefaults.SignatureHeader) is not { Length: > 0 } header)
        {
            return WebhookResult.Rejected(WebhookRejection.MissingSignature, $"The {SmsDefaults.SignatureHeader} header is missing.");
        }

        var parts = header.Split(',', StringSplitOptions.TrimEntries);
        var timestamp = parts.FirstOrDefault(p => p.StartsWith("t=", StringComparison.Ordinal))?[2..];
        var digest = parts.FirstOrDefault(p => p.StartsWith("v1=", StringComparison.Ordinal))?[3..];
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799
            || !_verifier.IsValid(SmsSigner.SignedPayload(timestamp, request.Body.Span), digest, SignatureEncoding.Hex))
        {
            return WebhookResult.Rejected(WebhookRejection.InvalidSignature, "The signature does not match the body.");
        }

        return (_time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > _options.SignatureTolerance
            ? WebhookResult.Rejected(WebhookRejection.InvalidSignature, "The signature's time is too far from ours: a replay, or a clock that is off.")
            : null;
    }
    #endregion

    private WebhookResult Read(ReadOnlyMemory<byte> body)
    {
        try
        {
            if (JsonSerializer.Deserialize(body.Span, SmsJsonContext.Default.SmsCallback) is not { Number: { } number, Events: { } events })
            {
                return Malformed("The body is not an SMS gateway callback.");
            }

            // Authentic, but for another number of the same gateway account: a 403 shows up in the gateway's delivery log.
            if (number != _number.Value)
            {
                return WebhookResult.Rejected(WebhookRejection.UnknownAccount, "The callback is for another number.");
            }

            List<InboundEnvelope> envelopes = [];
            foreach (var item in events)
            {
                // The event's own JSON travels beside the model, copied: the request's buffer is not ours to keep.
                if (Map(item.Deserialize(SmsJsonContext.Default.SmsEvent)) is { } inbound)
                {
                    envelopes.Add(new InboundEnvelope(inbound) { Raw = JsonMarshal.GetRawUtf8Value(item).ToArray() });
                }
            }

            return envelopes.Count == 0 ? WebhookResult.Ignored("No events the SMS channel records.") : WebhookResult.Accepted(envelopes);
        }
        catch (JsonException ex)
        {
            // Bad input is the sender's mistake: answer 400 (not retried) rather than throw.
            return Malformed(ex.Message);
        }
    }

    #region snippet:custom-map
    private InboundEvent? Map(SmsEvent? e)
    {
        if (e is not { Id.Length: > 0, Type.Length: > 0, OccurredAt: { } at })
        {
            throw new JsonException("An event lacks its id, type or time.");
        }

        var known = e.Type is "message.received" or "message.outbound" or "message.status";
        var received = e.Type == "message.received";
        if ((received ? e.From : e.To) is not { Length: > 0 } number)
        {
            // A kind we do not know that names no customer (a number ported, a balance alert): acknowledged, skipped.
            return known ? throw new JsonException($"A {e.Type} event lacks the customer's number.") : null;
        }

        var customer = new Participant(Sms, _number, new NetworkUserId(number));
        var conversation = ConversationRef.PrivateWith(customer);

        // The gateway's event id, not the message id: a status and its message are distinct events, a redelivery is not.
        var key = new IdempotencyKey(Sms, _number, e.Id);
        return e.Type switch
        {
            // message.outbound echoes what the brand sent from the gateway's own console: it is never the customer's.
            "message.received" or "message.outbound" when e is { MessageId.Length: > 0, Text: { } text }
                => new MessageReceived(key, conversation, customer, at, new NetworkMessageId(e.MessageId), [new TextPart(text)])
                {
                    Direction = received ? MessageDirection.Inbound : MessageDirection.Outbound,
                    Author = received ? AuthorKind.Customer : AuthorKind.Agent,
                },
            "message.status" when e is { MessageId.Length: > 0 } && Status(e.Status) is { } status
                => new DeliveryStatusChanged(key, conversation, customer, at, status)
                {
                    MessageId = new NetworkMessageId(e.MessageId),
                    Failure = status == DeliveryStatus.Failed ? new DeliveryFailure(e.ErrorCode ?? "unknown", e.ErrorMessage ?? "Not delivered.") : null,
                },
            _ when known => throw new JsonException($"A {e.Type} event lacks its message id, text or status."),

            // A newer gateway may send kinds we do not know yet: keep them on the conversation's timeline rather than lose them.
            _ => new UnsupportedEvent(key, conversation, customer, at, e.Type),
        };
    }

    private static DeliveryStatus? Status(string? status) => status switch
    {
        "sent" => DeliveryStatus.Sent,
        "delivered" => DeliveryStatus.Delivered,
        "failed" or "undelivered" => DeliveryStatus.Failed,
        _ => null,
    };
    #endregion

    #region snippet:custom-send-errors
    // The gateway's answers, translated so that the outbox knows what to do without knowing the gateway: try again
    // later (transient, after RetryAfter), re-authorise the account, or give up on this recipient or this request.
    private static ChannelError MapError(int status, SmsError? error, TimeSpan? retryAfter)
    {
        var kind = (status, error?.Code) switch
        {
            (429, _) => ChannelErrorKind.RateLimited,
            (>= 500, _) => ChannelErrorKind.Transient,
            (401 or 403, _) => ChannelErrorKind.Unauthorized,
            (_, "recipient_opted_out" or "unreachable_number") => ChannelErrorKind.RecipientUnavailable,
            _ => ChannelErrorKind.InvalidRequest,
        };
        var transient = kind is ChannelErrorKind.Transient or ChannelErrorKind.RateLimited;
        return new ChannelError(error?.Code ?? $"http_{status}", error?.Message ?? $"The SMS gateway answered HTTP {status}.")
        {
            StatusCode = status,
            Kind = kind,
            IsTransient = transient,
            RetryAfter = kind == ChannelErrorKind.RateLimited ? retryAfter ?? TimeSpan.FromMinutes(1) : transient ? retryAfter : null,
        };
    }

    private static ChannelError Transient(string code, string message)
        => new(code, message) { Kind = ChannelErrorKind.Transient, IsTransient = true };
    #endregion

    // A proxy's HTML error page is no JSON: the status code still tells what happened.
    private static T? TryRead<T>(byte[] body, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static WebhookResult Malformed(string reason) => WebhookResult.Rejected(WebhookRejection.MalformedPayload, reason);
}
