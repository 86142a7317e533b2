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

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "Activity sink {Sink} failed on a {Activity} event")]
    public static partial void ActivitySinkFailed(this ILogger logger, string sink, string activity, Exception exception);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Debug, Message = "A listened-to {Channel} post opened no ticket (the listening triage declined it)")]
    public static partial void ListeningDeclined(this ILogger logger, ChannelId channel);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "The network refused a public reply on ticket {TicketId}; only a private reply is offered until the customer posts again")]
    public static partial void PublicReplyRefused(this ILogger logger, TicketId ticketId);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Ticket {TicketId} moved from {From} to {To}: {Reason}")]
    public static partial void TicketTransition(this ILogger logger, TicketId ticketId, TicketState from, TicketState to, string reason);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Ticket {TicketId} assigned to {AgentId} ({Reason})")]
    public static partial void TicketAssigned(this ILogger logger, TicketId ticketId, AgentId? agentId, string reason);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "SLA {Metric} breached on ticket {TicketId}")]
    public static partial void SlaBreached(this ILogger logger, TicketId ticketId, SlaMetric metric);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "Reply on ticket {TicketId} refused: {Rejection}")]
    public static partial void ReplyRejected(this ILogger logger, TicketId ticketId, ReplyRejection rejection);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Reply {MessageId} on {Channel} failed with code {Code}; {Outcome}")]
    public static partial void ReplySendFailed(this ILogger logger, MessageId messageId, ChannelId channel, string code, string outcome);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "The {Channel} adapter threw while sending reply {MessageId}")]
    public static partial void ReplySendThrew(this ILogger logger, MessageId messageId, ChannelId channel, Exception exception);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Error, Message = "The SocialCare background loop failed; it goes on after a pause")]
    public static partial void BackgroundLoopFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Automation on ticket {TicketId} failed; the ticket is left to people")]
    public static partial void AutomationFailed(this ILogger logger, TicketId ticketId, Exception exception);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Debug, Message = "Automatic {Kind} on ticket {TicketId} not sent: the channel allows {Mode} now")]
    public static partial void AutomaticReplySkipped(this ILogger logger, TicketId ticketId, string kind, ReplyMode mode);

    [LoggerMessage(EventId = 1481, Level = LogLevel.Information, Message = "Customer {CustomerId}: identities changed ({Action})")]
    public static partial void CustomerLinkChanged(this ILogger logger, IdentityLinkAction action, CustomerId customerId);

    [LoggerMessage(EventId = 1482, Level = LogLevel.Information, Message = "Customer {CustomerId}: the link policy refused a change ({Action})")]
    public static partial void CustomerLinkRefused(this ILogger logger, IdentityLinkAction action, CustomerId customerId);

    [LoggerMessage(EventId = 1483, Level = LogLevel.Information, Message = "Customer {CustomerId} exported: {Tickets} tickets")]
    public static partial void CustomerExported(this ILogger logger, CustomerId customerId, int tickets);

    [LoggerMessage(EventId = 1484, Level = LogLevel.Warning, Message = "Customer {CustomerId} erased by {Actor}: {Customers} customer records, {Tickets} tickets and {Messages} messages anonymised")]
    public static partial void CustomerErased(this ILogger logger, CustomerId customerId, string actor, int customers, int tickets, int messages);

    [LoggerMessage(EventId = 1485, Level = LogLevel.Information, Message = "Retention: the content of {Count} messages sent before {Before:O} was redacted")]
    public static partial void RetentionApplied(this ILogger logger, int count, DateTimeOffset before);

    [LoggerMessage(EventId = 1486, Level = LogLevel.Error, Message = "Retention failed; it runs again at the next interval")]
    public static partial void RetentionFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Debug, Message = "Event webhook {DeliveryId} ({EventType}) delivered to {Endpoint} on attempt {Attempt}")]
    public static partial void EventWebhookDelivered(this ILogger logger, string deliveryId, string eventType, string endpoint, int attempt);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Event webhook {DeliveryId} to {Endpoint} failed on attempt {Attempt} ({Error}); next attempt at {NextAttemptAt:O}")]
    public static partial void EventWebhookRetry(this ILogger logger, string deliveryId, string endpoint, int attempt, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Error, Message = "Event webhook {DeliveryId} to {Endpoint} failed on attempt {Attempt} ({Error}) and is now a dead letter")]
    public static partial void EventWebhookDead(this ILogger logger, string deliveryId, string endpoint, int attempt, string error);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Error, Message = "The event-webhook dispatcher failed; it goes on after a pause")]
    public static partial void EventWebhookLoopFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Information, Message = "Event webhook {DeliveryId} to {Endpoint} replayed")]
    public static partial void EventWebhookReplayed(this ILogger logger, string deliveryId, string endpoint);
}
