using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;

namespace SocialCare.Channels.WhatsApp;

/// <summary>The WhatsApp channel's log messages (EventIds 3001–3099). No text, phone numbers, names, tokens or secrets.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Ignored a WhatsApp webhook for object '{Object}'")]
    public static partial void ObjectIgnored(this ILogger logger, string? @object);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Skipped {Count} WhatsApp webhook item(s) the SDK does not handle: {Kinds}")]
    public static partial void ItemsIgnored(this ILogger logger, int count, string kinds);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "WhatsApp reported an error for phone number id {PhoneNumberId}: {Code} {Title}")]
    public static partial void ValueError(this ILogger logger, string phoneNumberId, string code, string? title);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Refused to send from WhatsApp phone number id {PhoneNumberId} before any call: {Code}")]
    public static partial void SendRefused(this ILogger logger, string phoneNumberId, string code);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "Held back a WhatsApp send from {PhoneNumberId} for {Wait} ({Limit})")]
    public static partial void SendThrottled(this ILogger logger, string phoneNumberId, TimeSpan wait, string limit);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "WhatsApp media download for {PhoneNumberId} failed: {Code}")]
    public static partial void MediaDownloadFailed(this ILogger logger, string phoneNumberId, string code);

    [LoggerMessage(EventId = 3050, Level = LogLevel.Debug, Message = "Cloud API {Operation} for {PhoneNumberId} succeeded: HTTP {StatusCode}")]
    public static partial void GraphCallSucceeded(this ILogger logger, string phoneNumberId, string operation, int statusCode);

    [LoggerMessage(EventId = 3051, Level = LogLevel.Warning, Message = "Cloud API {Operation} for {PhoneNumberId} failed: HTTP {StatusCode}, code {GraphCode}, subcode {GraphSubcode}, {Kind}, trace {TraceId}")]
    public static partial void GraphCallFailed(this ILogger logger, string phoneNumberId, string operation, int statusCode, string graphCode, string? graphSubcode, ChannelErrorKind kind, string? traceId);

    [LoggerMessage(EventId = 3052, Level = LogLevel.Warning, Message = "Cloud API {Operation} for {PhoneNumberId} got no answer: {Reason}")]
    public static partial void GraphCallUnanswered(this ILogger logger, string phoneNumberId, string operation, string reason, Exception? exception);

    [LoggerMessage(EventId = 3053, Level = LogLevel.Warning, Message = "Cloud API {Operation} refused: no access token is configured for phone number id {PhoneNumberId}")]
    public static partial void UnknownPhoneNumber(this ILogger logger, string phoneNumberId, string operation);

    [LoggerMessage(EventId = 3054, Level = LogLevel.Warning, Message = "Cloud API {Operation} for {PhoneNumberId} answered HTTP {StatusCode} with a body that could not be read")]
    public static partial void GraphUnreadableAnswer(this ILogger logger, string phoneNumberId, string operation, int statusCode);
}
