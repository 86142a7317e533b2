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
}
