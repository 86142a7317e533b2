using System.Text.Json.Serialization;

namespace SocialCare.Abstractions;

/// <summary>What happened when a channel adapter tried to send a message: the network's id, or the network's error.</summary>
/// <remarks>Exactly one of <see cref="NetworkId"/> and <see cref="Error"/> is set.</remarks>
public sealed record SendResult
{
    /// <summary>Initializes a new instance of the <see cref="SendResult"/> class.</summary>
    /// <param name="networkId">The network's id of the sent message, on success.</param>
    /// <param name="error">The network's error, on failure.</param>
    /// <exception cref="ArgumentException">Both or neither of <paramref name="networkId"/> and <paramref name="error"/> are set.</exception>
    [JsonConstructor]
    public SendResult(NetworkMessageId? networkId, ChannelError? error)
    {
        if (networkId.HasValue == (error is not null))
        {
            throw new ArgumentException("A send result holds either a network id or an error.", nameof(error));
        }

        NetworkId = networkId;
        Error = error;
    }

    /// <summary>Gets the network's id of the sent message, on success.</summary>
    public NetworkMessageId? NetworkId { get; }

    /// <summary>Gets the network's error, on failure.</summary>
    public ChannelError? Error { get; }

    /// <summary>Gets a value indicating whether the network accepted the message.</summary>
    [JsonIgnore]
    public bool Succeeded => Error is null;

    /// <summary>Creates a successful result.</summary>
    /// <param name="networkId">The network's id of the sent message.</param>
    /// <returns>The result.</returns>
    public static SendResult Sent(NetworkMessageId networkId) => new(networkId, null);

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">The network's error.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    public static SendResult Failed(ChannelError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, error);
    }
}

/// <summary>An error a network returned for a send, translated so that callers can decide what to do.</summary>
/// <param name="Code">The network's error code, verbatim (for example Graph <c>10</c> with sub-code <c>2018278</c>, X <c>349</c>).</param>
/// <param name="Message">The network's explanation, without tokens or personal data.</param>
public sealed record ChannelError(string Code, string Message)
{
    /// <summary>Gets the HTTP status the network answered with, when there was an answer.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Gets a value indicating whether trying again later may succeed (rate limits, 5xx, time-outs).</summary>
    public bool IsTransient { get; init; }

    /// <summary>Gets how long the network asked us to wait before trying again, when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets a value indicating whether the reply window closed: free text is no longer allowed (use a tag or template).</summary>
    public bool OutsideReplyWindow { get; init; }

    /// <summary>Gets what kind of failure this is, so that hosts can act on it without knowing each network's codes.</summary>
    public ChannelErrorKind Kind { get; init; }

    /// <summary>Gets the network's finer error code (Graph's <c>error_subcode</c>), when it gave one.</summary>
    public string? Subcode { get; init; }

    /// <summary>Gets the network's error type or category (Graph's <c>type</c>, such as <c>OAuthException</c>), when it gave one.</summary>
    public string? ErrorType { get; init; }

    /// <summary>Gets the network's trace id for this failure (Graph's <c>fbtrace_id</c>), to quote to the network's support.</summary>
    public string? TraceId { get; init; }
}

/// <summary>What kind of failure a <see cref="ChannelError"/> is, whatever the network's own codes.</summary>
public enum ChannelErrorKind
{
    /// <summary>Not classified.</summary>
    Unknown = 0,

    /// <summary>A temporary failure on the network's side (5xx, time-out, "try again"): trying later may succeed.</summary>
    Transient = 1,

    /// <summary>A rate limit: trying later will succeed once the limit resets.</summary>
    RateLimited = 2,

    /// <summary>The reply window has closed: free text is no longer allowed (a tag or template may be).</summary>
    OutsideReplyWindow = 3,

    /// <summary>The recipient cannot receive messages (blocked the account, deactivated, deleted the conversation).</summary>
    RecipientUnavailable = 4,

    /// <summary>The access token is invalid or expired, or lacks a permission: the account must be authorised again.</summary>
    Unauthorized = 5,

    /// <summary>The request itself is wrong (a parameter, a size, a missing object): the same request will fail again.</summary>
    InvalidRequest = 6,

    /// <summary>The SDK refused the message before calling the network (too long, unsupported content, no account configured).</summary>
    Refused = 7,

    /// <summary>
    /// The network refused a public reply in this thread, though it would accept a private one (X's self-serve rule:
    /// only a post whose author mentioned the account or quoted one of its posts may be answered publicly by an
    /// application). The engine then offers a private reply (a DM) on the ticket instead.
    /// </summary>
    PublicReplyRefused = 8,
}
