using Microsoft.Extensions.Logging;

namespace SocialCare.Channels.Twitter;

/// <summary>The X adapter's and the listening poller's log messages (event ids 4070–4099; the webhook endpoint and parser use 4001–4029, the X API client 4030–4069). No secrets, tokens, texts or names.</summary>
internal static partial class XLog
{
    [LoggerMessage(EventId = 4070, Level = LogLevel.Error, Message = "A channel health sink failed for X account {Account}")]
    public static partial void HealthSinkFailed(this ILogger logger, string account, Exception exception);

    [LoggerMessage(EventId = 4071, Level = LogLevel.Information, Message = "Send from X account {Account} failed: {Code}")]
    public static partial void SendFailed(this ILogger logger, string account, string code);

    [LoggerMessage(EventId = 4072, Level = LogLevel.Warning, Message = "DM media download for X account {Account} failed: {Code}")]
    public static partial void MediaDownloadFailed(this ILogger logger, string account, string code);

    [LoggerMessage(EventId = 4073, Level = LogLevel.Error, Message = "A channel health sink failed on the X circuit's change to {State}")]
    public static partial void CircuitSinkFailed(this ILogger logger, SocialCare.Abstractions.ChannelCircuitState state, Exception exception);

    [LoggerMessage(EventId = 4080, Level = LogLevel.Information, Message = "X listening: rule {Rule} polled, {Found} post(s) found, {Applied} applied, {Skipped} skipped, {Failed} failed")]
    public static partial void ListeningPolled(this ILogger logger, string rule, int found, int applied, int skipped, int failed);

    [LoggerMessage(EventId = 4081, Level = LogLevel.Warning, Message = "X listening: rule {Rule} failed ({Code}); next poll in {Delay}")]
    public static partial void ListeningFailed(this ILogger logger, string rule, string code, TimeSpan delay);

    [LoggerMessage(EventId = 4082, Level = LogLevel.Error, Message = "X listening: rule {Rule} failed unexpectedly; next poll in {Delay}")]
    public static partial void ListeningCrashed(this ILogger logger, string rule, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 4083, Level = LogLevel.Information, Message = "X listening started: {Rules} rule(s), every {Interval}")]
    public static partial void ListeningStarted(this ILogger logger, int rules, TimeSpan interval);
}
