using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>Core's log messages (event ids 1000–1199). Never log message text, names, phones or tokens above Trace.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Webhook for unknown channel '{Channel}' refused")]
    public static partial void UnknownChannel(this ILogger logger, ChannelId channel);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Webhook for {Channel} refused: body of {Length} bytes is over the {Limit}-byte limit")]
    public static partial void PayloadTooLarge(this ILogger logger, ChannelId channel, int length, long limit);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Webhook for {Channel} rejected: {Rejection} ({Reason})")]
    public static partial void WebhookRejected(this ILogger logger, ChannelId channel, WebhookRejection rejection, string? reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "The {Channel} adapter threw on a malformed body; answered 400")]
    public static partial void AdapterThrewOnMalformedBody(this ILogger logger, ChannelId channel, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "Webhook for {Channel} ignored: {Reason}")]
    public static partial void WebhookIgnored(this ILogger logger, ChannelId channel, string? reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Answered a {Channel} set-up handshake")]
    public static partial void Handshake(this ILogger logger, ChannelId channel);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "Skipped a duplicate {Channel} {EventType}")]
    public static partial void EventDuplicate(this ILogger logger, ChannelId channel, string eventType);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error, Message = "Could not apply a {Channel} {EventType}; the webhook asks for redelivery")]
    public static partial void EventFailed(this ILogger logger, ChannelId channel, string eventType, Exception exception);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Ticket changed concurrently while applying a {EventType} (attempt {Attempt}); retrying")]
    public static partial void ConcurrencyRetry(this ILogger logger, string eventType, int attempt);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "A {EventType} names a message that is not stored; recorded as processed")]
    public static partial void TargetMessageNotFound(this ILogger logger, string eventType);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Ticket event sink {Sink} failed on {TicketEventType} for ticket {TicketId}")]
    public static partial void SinkFailed(this ILogger logger, string sink, string ticketEventType, TicketId ticketId, Exception exception);
}
