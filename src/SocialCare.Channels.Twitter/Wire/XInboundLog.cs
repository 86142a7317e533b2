using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Twitter;

/// <summary>
/// Log messages of the X channel's inbound half: the webhook endpoint and the parser's summaries (EventIds 4001–4029).
/// Never text, names, handles, tokens, secrets or bodies; account ids are the brand's own.
/// </summary>
internal static partial class XInboundLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Rejected X webhook: {Rejection} ({Reason})")]
    public static partial void WebhookRejected(this ILogger logger, WebhookRejection rejection, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "X webhook CRC challenge answered")]
    public static partial void CrcAnswered(this ILogger logger);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "X webhook signature verified: header {Header} with the {Secret}")]
    public static partial void SignatureVerified(this ILogger logger, string header, string secret);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "X webhook signed with the previous consumer secret: finish the rotation once X uses the new one")]
    public static partial void PreviousSecretUsed(this ILogger logger);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Refused an X webhook body: {Reason}")]
    public static partial void BodyRefused(this ILogger logger, string reason);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Debug, Message = "Read an X {Family} webhook: {Events} event(s)")]
    public static partial void BodyParsed(this ILogger logger, XPayloadFamily family, int events);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Debug, Message = "Skipped {Count} X webhook item(s) the SDK does not handle: {Kinds}")]
    public static partial void ItemsIgnored(this ILogger logger, int count, string kinds);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Information, Message = "Skipped {Count} X webhook item(s) for accounts this application does not serve")]
    public static partial void UnknownAccountItems(this ILogger logger, int count);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning, Message = "X account {Account} revoked this application's access: nothing more arrives or can be sent until it is authorised again")]
    public static partial void AccessRevoked(this ILogger logger, string account);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Information, Message = "X webhook replay job {JobId} reported {State}")]
    public static partial void ReplayJobReported(this ILogger logger, string? jobId, string? state);

    [LoggerMessage(EventId = 4016, Level = LogLevel.Warning, Message = "Refused an X recent-search answer for rule {Rule}: {Reason}")]
    public static partial void SearchRefused(this ILogger logger, string rule, string reason);

    /// <summary>
    /// Logs what <see cref="XWebhookParser.TryParse"/> reported besides its events: the body's family and event count, the
    /// skipped items (at debug), items for accounts not served, revoked accounts and a replay job's state.
    /// </summary>
    /// <param name="logger">The logger.</param>
    /// <param name="summary">The parser's summary.</param>
    /// <param name="events">How many events the body produced.</param>
    public static void ParseSummary(this ILogger logger, XParseSummary summary, int events)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(summary);
        logger.BodyParsed(summary.Family, events);
        if (summary.Ignored > 0 && logger.IsEnabled(LogLevel.Debug))
        {
            logger.ItemsIgnored(summary.Ignored, summary.IgnoredKinds is { } kinds ? string.Join(", ", kinds) : string.Empty);
        }

        if (summary.UnknownAccountItems > 0)
        {
            logger.UnknownAccountItems(summary.UnknownAccountItems);
        }

        if (summary.RevokedAccounts is { } revoked)
        {
            foreach (var account in revoked)
            {
                logger.AccessRevoked(account);
            }
        }

        if (summary.ReplayJobState is not null || summary.ReplayJobId is not null)
        {
            logger.ReplayJobReported(summary.ReplayJobId, summary.ReplayJobState);
        }
    }
}
