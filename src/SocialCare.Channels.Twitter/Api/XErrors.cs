using System.Globalization;
using System.Text.Json;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Twitter;

/// <summary>One item of an error body's <c>errors</c> array: a v1.1 <c>{code, message}</c> or a v2 <c>{message, parameters}</c>.</summary>
/// <param name="Code">The v1.1 numeric code, when given.</param>
/// <param name="Message">The message, when given.</param>
internal readonly record struct XProblemItem(int? Code, string? Message);

/// <summary>
/// An X API error body, read tolerantly: the v2 problem <c>{title, detail, type, status, errors[]}</c> (x.md §7.3), the
/// v1.1 <c>{"errors":[{"code","message"}]}</c>, or the OAuth 2.0 token endpoint's <c>{error, error_description}</c>.
/// </summary>
/// <param name="Title">The v2 <c>title</c>.</param>
/// <param name="Detail">The v2 <c>detail</c>.</param>
/// <param name="Type">The v2 <c>type</c> (a problem URI or <c>about:blank</c>).</param>
/// <param name="Status">The v2 <c>status</c>.</param>
/// <param name="Errors">The <c>errors</c> items.</param>
internal sealed record XProblem(string? Title, string? Detail, string? Type, int? Status, IReadOnlyList<XProblemItem> Errors)
{
    /// <summary>Gets the usage-cap <c>period</c> (such as <c>Monthly</c>), when given.</summary>
    public string? Period { get; init; }

    /// <summary>Gets the usage-cap <c>scope</c> (such as <c>Product</c>), when given.</summary>
    public string? Scope { get; init; }

    /// <summary>Gets the OAuth 2.0 <c>error</c> code (such as <c>invalid_grant</c>), when given.</summary>
    public string? OAuthError { get; init; }

    /// <summary>Gets the first v1.1 numeric code, when any.</summary>
    public int? FirstCode => Errors.FirstOrDefault(e => e.Code is not null).Code;

    /// <summary>Reads an error body.</summary>
    /// <param name="body">The body.</param>
    /// <returns>The problem, or <see langword="null"/> when the body is not a JSON object (a proxy's HTML page, nothing).</returns>
    public static XProblem? TryRead(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var items = new List<XProblemItem>();
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in errors.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object)
                    {
                        items.Add(new XProblemItem(Int(item, "code"), String(item, "message") ?? String(item, "detail")));
                    }
                }
            }

            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            return new XProblem(String(root, "title"), String(root, "detail") ?? String(root, "error_description"), String(root, "type"), Int(root, "status"), items)
            {
                Period = String(root, "period"),
                Scope = String(root, "scope"),
                OAuthError = error,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt32(out var number) => number,
            JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
            _ => null,
        };
    }
}

/// <summary>
/// Translates X API failures into <see cref="ChannelError"/>s (x.md §5.5, §7.3, §7.4), so that the engine retries, gives
/// up, asks for re-authorisation or falls back to a DM without knowing X's codes.
/// </summary>
/// <remarks>
/// <see cref="ChannelError.Code"/> is a stable snake_case code (<c>duplicate_content</c>, <c>reply_not_summoned</c>…);
/// <see cref="ChannelError.ErrorType"/> keeps X's own: the v2 problem <c>type</c> or the v1.1 numeric code. Messages
/// are sentences for agents: they never hold tokens, secrets or message text, and X's own explanation is added only
/// where it names parameters (invalid requests) or where no better sentence exists.
/// </remarks>
internal static class XErrors
{
    /// <summary>How long to wait after a rate limit when X's answer does not say: 60 seconds.</summary>
    public static readonly TimeSpan DefaultRateLimitDelay = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait after the account's daily posting limit (code 185) when X does not say: 1 hour.</summary>
    public static readonly TimeSpan PostingLimitDelay = TimeSpan.FromHours(1);

    private const int MaxQuotedLength = 300;

    /// <summary>Maps a failed answer from its status and body.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="body">The answer's body.</param>
    /// <param name="retryAfter">When the rate limit resets, from the <c>x-rate-limit-*</c> or <c>Retry-After</c> headers, if known.</param>
    /// <returns>The channel error.</returns>
    public static ChannelError Map(int statusCode, ReadOnlySpan<byte> body, TimeSpan? retryAfter)
        => Map(statusCode, XProblem.TryRead(body), retryAfter);

    /// <summary>Maps a failed answer from its status and parsed body.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="problem">The parsed body, if it was one.</param>
    /// <param name="retryAfter">When the rate limit resets, if known.</param>
    /// <returns>The channel error.</returns>
    public static ChannelError Map(int statusCode, XProblem? problem, TimeSpan? retryAfter)
    {
        var code = problem?.FirstCode;
        var errorType = code is { } c ? c.ToString(CultureInfo.InvariantCulture) : NullIfEmpty(problem?.Type);
        var error = (code is { } known ? ByCode(known, retryAfter) : null) ?? ByProblem(statusCode, problem, retryAfter);
        return error with { StatusCode = statusCode, ErrorType = errorType };
    }

    /// <summary>Creates the error for a call that never got an answer (connection failure, time-out, open circuit).</summary>
    /// <param name="code">A short code such as <c>transport_error</c>, <c>timeout</c> or <c>circuit_open</c>.</param>
    /// <param name="message">What happened, without addresses or tokens.</param>
    /// <param name="retryAfter">When trying again makes sense, if known.</param>
    /// <returns>A transient channel error.</returns>
    public static ChannelError Transport(string code, string message, TimeSpan? retryAfter = null) => new(code, message)
    {
        Kind = ChannelErrorKind.Transient,
        IsTransient = true,
        RetryAfter = retryAfter,
    };

    /// <summary>Creates the error for a rate limit the SDK knows is exhausted, before calling X.</summary>
    /// <param name="retryAfter">The time until the window resets.</param>
    /// <returns>A transient rate-limit error without a status code.</returns>
    public static ChannelError RateLimitedBeforeCall(TimeSpan retryAfter) => new("rate_limited", string.Create(
        CultureInfo.InvariantCulture,
        $"X's rate limit for this call is used up until its window resets in {Math.Ceiling(retryAfter.TotalSeconds):0} seconds; the message was not sent and can be sent again then."))
    {
        Kind = ChannelErrorKind.RateLimited,
        IsTransient = true,
        RetryAfter = retryAfter,
    };

    /// <summary>Creates the refusal for an account the app has no user-context credentials for.</summary>
    /// <param name="account">The account's user id.</param>
    /// <returns>A refusal.</returns>
    public static ChannelError UnknownAccount(string account) => new(
        "unknown_account",
        $"No X account with user id {account} is configured with OAuth 1.0a or OAuth 2.0 user tokens, so nothing can be sent from it.")
    {
        Kind = ChannelErrorKind.Refused,
    };

    private static ChannelError? ByCode(int code, TimeSpan? retryAfter) => code switch
    {
        32 => Unauthorized("authentication_failed", "X could not authenticate the request (code 32): check the app's consumer key and secret and the account's access token and secret."),
        135 => Unauthorized("clock_skew", "X rejected the request's OAuth timestamp (code 135): the server's clock is off; synchronise it."),
        215 => Unauthorized("bad_authentication_data", "X found the request's authentication data malformed (code 215): check the app's OAuth settings."),
        99 => Unauthorized("credentials_unverified", "X could not verify the app's credentials (code 99): check the consumer key and secret."),
        89 => InvalidToken(),
        93 => Unauthorized("dm_permission_missing", "The app may not use Direct Messages for this account (code 93): give it Direct Message permission and authorise the account again."),
        220 => Unauthorized("insufficient_permissions", "The account's credentials do not allow this (code 220): authorise the account again with the permissions the channel needs."),
        261 => Unauthorized("app_cannot_write", "The app may not perform write actions (code 261): give it Read and Write permission and authorise the account again."),
        326 => Unauthorized("account_locked", "The X account is temporarily locked (code 326): someone must log in at x.com to unlock it."),
        64 => Unauthorized("account_suspended", "The X account is suspended (code 64) and cannot send."),
        88 => RateLimited(retryAfter),
        185 => new ChannelError("posting_limit", "The account is over X's limit of posts for the day (code 185); the reply can be sent once the limit resets.")
        {
            Kind = ChannelErrorKind.RateLimited,
            IsTransient = true,
            RetryAfter = retryAfter ?? PostingLimitDelay,
        },
        186 or 354 => TextTooLong(),
        187 => DuplicateContent(),
        226 => Invalid("automated_request", "X's spam filter took this request for automated behaviour (code 226) and will not accept it as it is: vary the wording, and check the account at x.com."),
        349 or 150 => DirectMessageNotAllowed(code),
        151 => new ChannelError("dm_send_failed", "X could not send the Direct Message (code 151)."),
        385 or 144 => ReplyTargetUnavailable(),
        355 => Invalid("subscription_exists", "The account is already subscribed to this webhook (code 355)."),
        130 => Transient("over_capacity", "X is over capacity (code 130); trying again later may succeed.", retryAfter),
        131 => Transient("internal_error", "X had an internal error (code 131); trying again later may succeed.", retryAfter),
        _ => null,
    };

    private static ChannelError ByProblem(int statusCode, XProblem? problem, TimeSpan? retryAfter)
    {
        var detail = problem?.Detail ?? string.Empty;
        var type = problem?.Type ?? string.Empty;

        // The telling sentence may be the detail or one of the errors[] messages (a 400 invalid-request says "too long" there).
        var said = problem is null ? string.Empty : string.Join(' ', problem.Errors.Select(e => e.Message).Prepend(detail).OfType<string>());
        if (type.EndsWith("/usage-capped", StringComparison.OrdinalIgnoreCase)
            || string.Equals(problem?.Title, "UsageCapExceeded", StringComparison.OrdinalIgnoreCase))
        {
            var period = Word(problem?.Period);
            var scope = Word(problem?.Scope);
            var which = period is null && scope is null ? string.Empty : $" ({string.Join(' ', new[] { period, scope }.OfType<string>())})";
            return new ChannelError("usage_capped", $"The X app's usage cap is reached{which}: X refuses these calls until the period resets or the plan changes, so retrying soon will not help.")
            {
                Kind = ChannelErrorKind.RateLimited,
            };
        }

        if (statusCode == 429)
        {
            return RateLimited(retryAfter);
        }

        if (Contains(said, "duplicate content"))
        {
            return DuplicateContent();
        }

        if (Contains(said, "not been mentioned or otherwise engaged") || Contains(said, "Reply to this conversation is not allowed"))
        {
            return new ChannelError(
                "reply_not_summoned",
                "X only lets apps reply publicly to a post whose author mentioned or quoted the account, and this author did not; answer by Direct Message instead.")
            {
                Kind = ChannelErrorKind.PublicReplyRefused,
            };
        }

        if (Contains(said, "attach this media"))
        {
            return Invalid("dm_media_forbidden", "X does not allow this media in a Direct Message: it must be uploaded for DMs by the same account, less than 24 hours ago.");
        }

        if (Contains(said, "messages to this user") || Contains(said, "cannot send a message"))
        {
            return DirectMessageNotAllowed(null);
        }

        if (Contains(said, "text is too long"))
        {
            return TextTooLong();
        }

        if (Contains(said, "deleted or not visible"))
        {
            return ReplyTargetUnavailable();
        }

        if (string.Equals(problem?.Title, "Unsupported Authentication", StringComparison.OrdinalIgnoreCase) || Contains(detail, "Application-Only is forbidden"))
        {
            return Unauthorized("unsupported_authentication", "X refused the kind of authentication used: sending needs the account's user context (OAuth 1.0a or an OAuth 2.0 user token), never the app-only token.");
        }

        if (type.EndsWith("/client-forbidden", StringComparison.OrdinalIgnoreCase))
        {
            return Unauthorized("client_forbidden", "X does not let this app use the endpoint (client-forbidden): attach the app to a project with the access level the endpoint needs.");
        }

        if (type.EndsWith("/not-authorized-for-resource", StringComparison.OrdinalIgnoreCase))
        {
            return Invalid("not_authorized_for_resource", "The account is not allowed to see the resource (not-authorized-for-resource), for example a protected account's post.");
        }

        if (type.EndsWith("/resource-not-found", StringComparison.OrdinalIgnoreCase) || statusCode == 404)
        {
            return Invalid("not_found", "X found no such resource (HTTP 404).");
        }

        if (type.EndsWith("/invalid-request", StringComparison.OrdinalIgnoreCase) || statusCode == 400)
        {
            var reasons = problem?.Errors.Select(e => e.Message).OfType<string>().ToList() ?? [];
            var why = reasons.Count > 0 ? string.Join(" ", reasons) : detail;
            return Invalid("invalid_request", "X rejected the request as invalid" + (why.Length > 0 ? ": " + Quote(why) : "."));
        }

        if (statusCode == 401)
        {
            return InvalidToken();
        }

        if (statusCode == 403)
        {
            return new ChannelError("forbidden", "X refused the request (HTTP 403)" + (detail.Length > 0 ? ": " + Quote(detail) : "."));
        }

        if (statusCode == 409)
        {
            return Invalid("conflict", "X reported a conflict (HTTP 409)" + (detail.Length > 0 ? ": " + Quote(detail) : "."));
        }

        if (statusCode is >= 500 and <= 599)
        {
            return Transient("server_error", string.Create(CultureInfo.InvariantCulture, $"X answered HTTP {statusCode}; trying again later may succeed."), retryAfter);
        }

        return new ChannelError("http_error", string.Create(CultureInfo.InvariantCulture, $"X answered HTTP {statusCode}."));
    }

    private static ChannelError InvalidToken() => Unauthorized("invalid_token", "X rejected the account's access token as invalid or expired: authorise the account again.");

    private static ChannelError DuplicateContent() => Invalid(
        "duplicate_content",
        "X refused the post as a duplicate of one the account already sent; vary the text (the customer's name, a ticket reference) and send it again.");

    private static ChannelError TextTooLong() => Invalid("text_too_long", "The text is longer than X allows (280 weighted characters for a post, 10,000 for a Direct Message).");

    private static ChannelError ReplyTargetUnavailable() => new("reply_target_unavailable", "The post being answered was deleted or is not visible to the account, so it cannot be replied to.")
    {
        Kind = ChannelErrorKind.RecipientUnavailable,
    };

    private static ChannelError DirectMessageNotAllowed(int? code) => new(
        "dm_not_allowed",
        "X does not let the account send Direct Messages to this user (their settings refuse them, or they blocked the account)"
            + (code is { } c ? string.Create(CultureInfo.InvariantCulture, $" (code {c}).") : "."))
    {
        Kind = ChannelErrorKind.RecipientUnavailable,
    };

    private static ChannelError RateLimited(TimeSpan? retryAfter) => new("rate_limited", "X's rate limit for this call is used up; the message can be sent again once the window resets.")
    {
        Kind = ChannelErrorKind.RateLimited,
        IsTransient = true,
        RetryAfter = retryAfter ?? DefaultRateLimitDelay,
    };

    private static ChannelError Unauthorized(string code, string message) => new(code, message) { Kind = ChannelErrorKind.Unauthorized };

    private static ChannelError Invalid(string code, string message) => new(code, message) { Kind = ChannelErrorKind.InvalidRequest };

    private static ChannelError Transient(string code, string message, TimeSpan? retryAfter) => new(code, message)
    {
        Kind = ChannelErrorKind.Transient,
        IsTransient = true,
        RetryAfter = retryAfter,
    };

    private static bool Contains(string text, string value) => text.Contains(value, StringComparison.OrdinalIgnoreCase);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Keeps a usage-cap word only when it is a short plain word (X's <c>Monthly</c>, <c>Product</c>).</summary>
    private static string? Word(string? value) => value is { Length: > 0 and <= 32 } && value.All(char.IsAsciiLetterOrDigit) ? value : null;

    private static string Quote(string text)
    {
        text = text.Trim();
        return text.Length <= MaxQuotedLength ? text : text[..MaxQuotedLength] + "…";
    }
}
