using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Facebook;

/// <summary>The Facebook channel's log messages (EventIds 2001–2099; Graph calls use 2050–2099).</summary>
/// <remarks>Tokens, app secrets and message text are never logged.</remarks>
internal static partial class Log
{
    [LoggerMessage(EventId = 2050, Level = LogLevel.Debug, Message = "Graph {Operation} for Page {PageId} succeeded: HTTP {StatusCode}")]
    public static partial void GraphCallSucceeded(this ILogger logger, string pageId, string operation, int statusCode);

    [LoggerMessage(EventId = 2051, Level = LogLevel.Warning, Message = "Graph {Operation} for Page {PageId} failed: HTTP {StatusCode}, code {GraphCode}, subcode {GraphSubcode}, {Kind}, trace {TraceId}")]
    public static partial void GraphCallFailed(this ILogger logger, string pageId, string operation, int statusCode, string graphCode, string? graphSubcode, ChannelErrorKind kind, string? traceId);

    [LoggerMessage(EventId = 2052, Level = LogLevel.Warning, Message = "Graph {Operation} for Page {PageId} got no answer: {Reason}")]
    public static partial void GraphCallUnanswered(this ILogger logger, string pageId, string operation, string reason, Exception? exception);

    [LoggerMessage(EventId = 2053, Level = LogLevel.Warning, Message = "Graph {Operation} refused: no access token is configured for Page {PageId}")]
    public static partial void GraphUnknownPage(this ILogger logger, string pageId, string operation);

    [LoggerMessage(EventId = 2054, Level = LogLevel.Warning, Message = "Graph {Operation} for Page {PageId} answered HTTP {StatusCode} with a body that could not be read")]
    public static partial void GraphUnreadableAnswer(this ILogger logger, string pageId, string operation, int statusCode);
}
