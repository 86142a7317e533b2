using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Facebook;

/// <summary>The adapter's log messages (EventIds 2001–2049; the Graph client uses 2050–2099). No text, names, tokens or secrets.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Ignored a Facebook webhook for object '{Object}'")]
    public static partial void ObjectIgnored(this ILogger logger, string? @object);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Debug, Message = "Skipped {Count} Facebook webhook item(s) the SDK does not handle: {Kinds}")]
    public static partial void ItemsIgnored(this ILogger logger, int count, string kinds);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Refused to send to Facebook Page {PageId} before any call: {Code}")]
    public static partial void SendRefused(this ILogger logger, string pageId, string code);
}
