using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocialCare.Samples.CustomChannel.Sms;

/// <summary>A callback: <c>{"number":"+15550100","events":[…]}</c>. Events stay JSON so each one's raw bytes can travel on.</summary>
internal sealed record SmsCallback(string? Number, IReadOnlyList<JsonElement>? Events);

/// <summary>One callback event: <c>message.received</c>, <c>message.outbound</c> (sent from the gateway's console) or <c>message.status</c>.</summary>
internal sealed record SmsEvent(
    string? Id,
    string? Type,
    string? MessageId,
    string? From,
    string? To,
    string? Text,
    string? Status,
    string? ErrorCode,
    string? ErrorMessage,
    DateTimeOffset? OccurredAt);

/// <summary>The body of <c>POST /v1/messages</c>.</summary>
internal sealed record SmsSendRequest(string From, string To, string Text, string ClientReference);

/// <summary>The gateway's answer to a send: the new message's id.</summary>
internal sealed record SmsSendResponse(string? Id);

/// <summary>The gateway's failure envelope: <c>{"error":{"code":"rate_limited","message":"…"}}</c>.</summary>
internal sealed record SmsErrorResponse(SmsError? Error);

/// <summary>A gateway error.</summary>
internal sealed record SmsError(string? Code, string? Message);

/// <summary>The wire format's source-generated metadata: snake_case, unknown properties ignored.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SmsCallback))]
[JsonSerializable(typeof(SmsEvent))]
[JsonSerializable(typeof(SmsSendRequest))]
[JsonSerializable(typeof(SmsSendResponse))]
[JsonSerializable(typeof(SmsErrorResponse))]
internal sealed partial class SmsJsonContext : JsonSerializerContext;
