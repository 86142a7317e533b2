using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Meta;

/// <summary>Log messages of the shared Meta code (EventIds 2901–2999). No text, names, tokens or secrets.</summary>
internal static partial class MetaLog
{
    [LoggerMessage(EventId = 2901, Level = LogLevel.Warning, Message = "Rejected {Channel} webhook: {Rejection} ({Reason})")]
    public static partial void WebhookRejected(this ILogger logger, ChannelId channel, WebhookRejection rejection, string reason);

    [LoggerMessage(EventId = 2902, Level = LogLevel.Information, Message = "{Channel} webhook set-up handshake answered")]
    public static partial void HandshakeAnswered(this ILogger logger, ChannelId channel);

    [LoggerMessage(EventId = 2910, Level = LogLevel.Information, Message = "Retrying a Graph call (attempt {Attempt}) in {Delay} after HTTP {StatusCode} {ExceptionType}")]
    public static partial void GraphRetrying(this ILogger logger, int attempt, TimeSpan delay, int? statusCode, string? exceptionType);

    [LoggerMessage(EventId = 2911, Level = LogLevel.Warning, Message = "Graph API circuit opened for {BreakDuration}: calls fail fast until then")]
    public static partial void GraphCircuitOpened(this ILogger logger, TimeSpan breakDuration);

    [LoggerMessage(EventId = 2912, Level = LogLevel.Information, Message = "Graph API circuit closed: calls go through again")]
    public static partial void GraphCircuitClosed(this ILogger logger);

    [LoggerMessage(EventId = 2920, Level = LogLevel.Warning, Message = "{Channel} account {Account} is now {Status} ({Code})")]
    public static partial void HealthChanged(this ILogger logger, ChannelId channel, string account, ChannelHealthStatus status, string code);

    [LoggerMessage(EventId = 2921, Level = LogLevel.Error, Message = "A channel health sink failed for {Channel} account {Account}")]
    public static partial void HealthSinkFailed(this ILogger logger, ChannelId channel, string account, Exception exception);

    [LoggerMessage(EventId = 2922, Level = LogLevel.Error, Message = "A channel health sink failed on the {Channel} circuit's change to {State}")]
    public static partial void CircuitSinkFailed(this ILogger logger, ChannelId channel, ChannelCircuitState state, Exception exception);
}
