using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;

namespace SocialCare.AspNetCore;

/// <summary>Log messages of the ASP.NET Core package (EventIds 6001–6099). No bodies, headers, tokens or names.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "Webhook request for a channel that has no adapter answered 404")]
    public static partial void UnknownChannel(this ILogger logger);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Refused a {Channel} webhook before reading it: its Content-Length of {Length} bytes is over the {Limit}-byte limit")]
    public static partial void ContentLengthTooLarge(this ILogger logger, ChannelId channel, long length, long limit);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Refused a {Channel} webhook: its body grew over the {Limit}-byte limit while it was read")]
    public static partial void BodyTooLarge(this ILogger logger, ChannelId channel, long limit);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Refused a {Channel} webhook with HTTP {StatusCode}: the server could not read its body ({Reason})")]
    public static partial void BadBody(this ILogger logger, ChannelId channel, int statusCode, string reason);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Debug, Message = "A {Channel} webhook request ended early: the client disconnected")]
    public static partial void ClientDisconnected(this ILogger logger, ChannelId channel);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Error, Message = "The webhook pipeline failed on a {Channel} request; answered 500")]
    public static partial void PipelineFailed(this ILogger logger, ChannelId channel, Exception exception);
}
