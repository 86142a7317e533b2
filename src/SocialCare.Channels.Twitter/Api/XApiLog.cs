using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Twitter;

/// <summary>
/// Log messages of the X API client (EventIds 4030–4069). Accounts appear as their numeric user ids; no text, names,
/// tokens, secrets or query strings.
/// </summary>
internal static partial class XApiLog
{
    [LoggerMessage(EventId = 4030, Level = LogLevel.Debug, Message = "X API {Operation} for {Account} succeeded: HTTP {StatusCode}")]
    public static partial void XCallSucceeded(this ILogger logger, string operation, string account, int statusCode);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Warning, Message = "X API {Operation} for {Account} failed: HTTP {StatusCode}, {Code} ({ErrorType}), {Kind}")]
    public static partial void XCallFailed(this ILogger logger, string operation, string account, int statusCode, string code, string? errorType, ChannelErrorKind kind);

    [LoggerMessage(EventId = 4032, Level = LogLevel.Warning, Message = "X API {Operation} for {Account} got no answer: {Reason}")]
    public static partial void XCallUnanswered(this ILogger logger, string operation, string account, string reason, Exception? exception);

    [LoggerMessage(EventId = 4033, Level = LogLevel.Warning, Message = "X API {Operation} for {Account} answered HTTP {StatusCode} without the expected id")]
    public static partial void XUnreadableAnswer(this ILogger logger, string operation, string account, int statusCode);

    [LoggerMessage(EventId = 4034, Level = LogLevel.Warning, Message = "No user-context credentials for X account {Account}: {Operation} refused before any call")]
    public static partial void XUnknownAccount(this ILogger logger, string account, string operation);

    [LoggerMessage(EventId = 4035, Level = LogLevel.Warning, Message = "X API {Operation} is not configured: {Reason}")]
    public static partial void XNotConfigured(this ILogger logger, string operation, string reason);

    [LoggerMessage(EventId = 4040, Level = LogLevel.Information, Message = "Held back X API {Operation} for {Account} without calling X: its rate limit is used up for {RetryAfter}")]
    public static partial void XRateLimitPreempted(this ILogger logger, string operation, string account, TimeSpan retryAfter);

    [LoggerMessage(EventId = 4041, Level = LogLevel.Debug, Message = "Waiting {Wait} for the rate limit of X API {Operation} ({Account}) to reset")]
    public static partial void XRateLimitWaiting(this ILogger logger, string operation, string account, TimeSpan wait);

    [LoggerMessage(EventId = 4042, Level = LogLevel.Information, Message = "X API {Operation} for {Account} is rate-limited for {RetryAfter}")]
    public static partial void XRateLimited(this ILogger logger, string operation, string account, TimeSpan? retryAfter);

    [LoggerMessage(EventId = 4045, Level = LogLevel.Information, Message = "Retrying an X API call (attempt {Attempt}) in {Delay} after HTTP {StatusCode} {ExceptionType}")]
    public static partial void XRetrying(this ILogger logger, int attempt, TimeSpan delay, int? statusCode, string? exceptionType);

    [LoggerMessage(EventId = 4046, Level = LogLevel.Warning, Message = "X API circuit opened for {BreakDuration}: calls fail fast until then")]
    public static partial void XCircuitOpened(this ILogger logger, TimeSpan breakDuration);

    [LoggerMessage(EventId = 4047, Level = LogLevel.Information, Message = "X API circuit closed: calls go through again")]
    public static partial void XCircuitClosed(this ILogger logger);

    [LoggerMessage(EventId = 4050, Level = LogLevel.Information, Message = "Renewed the OAuth 2.0 token of X account {Account}; it expires at {ExpiresAt}")]
    public static partial void XTokenRefreshed(this ILogger logger, string account, DateTimeOffset? expiresAt);

    [LoggerMessage(EventId = 4051, Level = LogLevel.Warning, Message = "Renewing the OAuth 2.0 token of X account {Account} failed: HTTP {StatusCode} {Error}")]
    public static partial void XTokenRefreshFailed(this ILogger logger, string account, int statusCode, string? error);

    [LoggerMessage(EventId = 4052, Level = LogLevel.Information, Message = "X rejected the OAuth 2.0 token of account {Account} (HTTP 401): renewing it once and trying again")]
    public static partial void XTokenRejected(this ILogger logger, string account);

    [LoggerMessage(EventId = 4053, Level = LogLevel.Warning, Message = "The OAuth 2.0 token of X account {Account} expired and cannot be renewed: {Reason}")]
    public static partial void XTokenNotRenewable(this ILogger logger, string account, string reason);
}
