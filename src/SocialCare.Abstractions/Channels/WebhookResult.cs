namespace SocialCare.Abstractions;

/// <summary>What a channel adapter made of a webhook request.</summary>
public enum WebhookOutcome
{
    /// <summary>A set-up handshake (a verification challenge) to answer with <see cref="WebhookResult.Body"/>.</summary>
    Handshake = 0,

    /// <summary>A verified request carrying events.</summary>
    Accepted = 1,

    /// <summary>A verified request that deliberately carries nothing to record (a field we do not subscribe to, say).</summary>
    Ignored = 2,

    /// <summary>A request refused: unsigned, forged, malformed or otherwise unacceptable.</summary>
    Rejected = 3,
}

/// <summary>Why a webhook request was refused.</summary>
public enum WebhookRejection
{
    /// <summary>Not rejected.</summary>
    None = 0,

    /// <summary>The signature header is absent (401).</summary>
    MissingSignature = 1,

    /// <summary>The signature is malformed or does not match the body (401).</summary>
    InvalidSignature = 2,

    /// <summary>A set-up handshake with the wrong verification token, or without its parameters (403).</summary>
    HandshakeFailed = 3,

    /// <summary>The body is not the JSON the channel expects (400).</summary>
    MalformedPayload = 4,

    /// <summary>The body is larger than allowed (413).</summary>
    PayloadTooLarge = 5,

    /// <summary>The HTTP method is not one the channel uses (405).</summary>
    MethodNotAllowed = 6,

    /// <summary>No channel is registered under the requested name (404).</summary>
    UnknownChannel = 7,

    /// <summary>A verified request for an account (a Page, a phone number, a site) this application does not serve (403).</summary>
    UnknownAccount = 8,
}

/// <summary>What a channel adapter made of a webhook request, and so what the endpoint answers.</summary>
/// <remarks>
/// Create instances with <see cref="Handshake"/>, <see cref="Accepted"/>, <see cref="Ignored"/> and
/// <see cref="Rejected"/>. <see cref="Reason"/> may be logged and returned to the caller: never put secrets, tokens or
/// personal data in it.
/// </remarks>
public sealed class WebhookResult
{
    private static readonly WebhookResult IgnoredWithoutReason = new(WebhookOutcome.Ignored, 200, [], null, null, WebhookRejection.None, null);

    private WebhookResult(
        WebhookOutcome outcome,
        int statusCode,
        IReadOnlyList<InboundEnvelope> events,
        string? body,
        string? contentType,
        WebhookRejection rejection,
        string? reason)
    {
        Outcome = outcome;
        StatusCode = statusCode;
        Events = events;
        Body = body;
        ContentType = contentType;
        Rejection = rejection;
        Reason = reason;
    }

    /// <summary>Gets what the adapter made of the request.</summary>
    public WebhookOutcome Outcome { get; }

    /// <summary>Gets the HTTP status code to answer with.</summary>
    public int StatusCode { get; }

    /// <summary>Gets the events the request carried, for <see cref="WebhookOutcome.Accepted"/>; otherwise empty.</summary>
    public IReadOnlyList<InboundEnvelope> Events { get; }

    /// <summary>Gets the body to answer with (a handshake's challenge), when any.</summary>
    public string? Body { get; }

    /// <summary>Gets the content type of <see cref="Body"/>, when there is a body.</summary>
    public string? ContentType { get; }

    /// <summary>Gets why the request was refused, for <see cref="WebhookOutcome.Rejected"/>.</summary>
    public WebhookRejection Rejection { get; }

    /// <summary>Gets a short explanation, free of secrets and personal data, when any.</summary>
    public string? Reason { get; }

    /// <summary>Creates the answer to a set-up handshake.</summary>
    /// <param name="body">The body to answer with, for example the challenge verbatim.</param>
    /// <param name="contentType">The body's content type.</param>
    /// <returns>A result answering 200 with <paramref name="body"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="body"/> or <paramref name="contentType"/> is <see langword="null"/>.</exception>
    public static WebhookResult Handshake(string body, string contentType = "text/plain")
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        return new(WebhookOutcome.Handshake, 200, [], body, contentType, WebhookRejection.None, null);
    }

    /// <summary>Creates the result for a verified request carrying events.</summary>
    /// <param name="events">The events, in the order the request carried them.</param>
    /// <returns>A result answering 200 once the events are stored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is <see langword="null"/>.</exception>
    public static WebhookResult Accepted(IReadOnlyList<InboundEnvelope> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return new(WebhookOutcome.Accepted, 200, events, null, null, WebhookRejection.None, null);
    }

    /// <summary>Creates the result for a verified request with nothing to record.</summary>
    /// <param name="reason">Why it carries nothing, for the logs.</param>
    /// <returns>A result answering 200.</returns>
    public static WebhookResult Ignored(string? reason = null)
        => reason is null ? IgnoredWithoutReason : new(WebhookOutcome.Ignored, 200, [], null, null, WebhookRejection.None, reason);

    /// <summary>Creates the result for a refused request.</summary>
    /// <param name="rejection">Why it was refused.</param>
    /// <param name="reason">A short explanation, free of secrets and personal data.</param>
    /// <param name="statusCode">The HTTP status to answer with; by default the one that fits <paramref name="rejection"/>.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rejection"/> is <see cref="WebhookRejection.None"/>, or <paramref name="statusCode"/> is not a 4xx or 5xx status.</exception>
    public static WebhookResult Rejected(WebhookRejection rejection, string? reason = null, int? statusCode = null)
    {
        if (rejection == WebhookRejection.None || !Enum.IsDefined(rejection))
        {
            throw new ArgumentOutOfRangeException(nameof(rejection), rejection, "Name why the request is rejected.");
        }

        var status = statusCode ?? DefaultStatusCode(rejection);
        if (status is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(statusCode), statusCode, "A rejection answers with a 4xx or 5xx status.");
        }

        return new(WebhookOutcome.Rejected, status, [], null, null, rejection, reason);
    }

    /// <summary>Returns the HTTP status that fits a rejection.</summary>
    /// <param name="rejection">The rejection.</param>
    /// <returns>401, 403, 400, 413, 405 or 404.</returns>
    public static int DefaultStatusCode(WebhookRejection rejection) => rejection switch
    {
        WebhookRejection.MissingSignature or WebhookRejection.InvalidSignature => 401,
        WebhookRejection.HandshakeFailed or WebhookRejection.UnknownAccount => 403,
        WebhookRejection.MalformedPayload => 400,
        WebhookRejection.PayloadTooLarge => 413,
        WebhookRejection.MethodNotAllowed => 405,
        WebhookRejection.UnknownChannel => 404,
        _ => 400,
    };
}
