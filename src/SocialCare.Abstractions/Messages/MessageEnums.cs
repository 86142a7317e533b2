namespace SocialCare.Abstractions;

/// <summary>Which way a message travelled.</summary>
public enum MessageDirection
{
    /// <summary>From the customer to the brand.</summary>
    Inbound = 0,

    /// <summary>From the brand to the customer: our replies, and echoes of what the brand sent from elsewhere.</summary>
    Outbound = 1,
}

/// <summary>Who wrote a message or made a change.</summary>
public enum AuthorKind
{
    /// <summary>The customer.</summary>
    Customer = 0,

    /// <summary>A person working for the brand.</summary>
    Agent = 1,

    /// <summary>An automated responder acting for the brand.</summary>
    Bot = 2,

    /// <summary>SocialCare itself, or the network (a referral, a timed transition).</summary>
    System = 3,
}

/// <summary>What automation wrote a bot's message for (see <see cref="Message.Automation"/>).</summary>
public enum AutomaticMessageKind
{
    /// <summary>An answer to the customer's question (an FAQ match, a self-service lookup of the host's auto-responder).</summary>
    Answer = 0,

    /// <summary>A notice that the business is closed and when it opens.</summary>
    OutOfHours = 1,

    /// <summary>The question of a satisfaction survey, after the ticket was resolved.</summary>
    SatisfactionSurvey = 2,

    /// <summary>The thanks for a satisfaction rating.</summary>
    SatisfactionThanks = 3,
}

/// <summary>
/// How far an outbound message has travelled. The values are ordered: a status only moves forward, from
/// <see cref="Pending"/> to <see cref="Read"/>; <see cref="Failed"/> is terminal.
/// </summary>
public enum DeliveryStatus
{
    /// <summary>Not tracked: an inbound message, or a note.</summary>
    None = 0,

    /// <summary>Waiting to be sent.</summary>
    Pending = 1,

    /// <summary>Accepted by the network.</summary>
    Sent = 2,

    /// <summary>Delivered to the customer's device.</summary>
    Delivered = 3,

    /// <summary>Read by the customer.</summary>
    Read = 4,

    /// <summary>The network could not deliver it; see the failure reason.</summary>
    Failed = 5,
}

/// <summary>Why the network could not deliver a message.</summary>
/// <param name="Code">The network's error code, verbatim (for example WhatsApp <c>131047</c>).</param>
/// <param name="Reason">The network's explanation, suitable for an agent to read.</param>
public sealed record DeliveryFailure(string Code, string Reason);

/// <summary>How a customer reached the conversation: an ad, a link, a plug-in (a referral).</summary>
/// <param name="Source">The network's name for the source, verbatim (for example <c>ADS</c>, <c>SHORTLINK</c>, <c>ad</c>).</param>
public sealed record Referral(string Source)
{
    /// <summary>Gets the <c>ref</c> parameter the brand put in the link, when any.</summary>
    public string? Ref { get; init; }

    /// <summary>Gets the network's id of the ad or post the customer came from, when any.</summary>
    public string? SourceId { get; init; }

    /// <summary>Gets the kind of that ad or post (for example <c>ad</c> or <c>post</c>), when given.</summary>
    public string? SourceType { get; init; }

    /// <summary>Gets the address of the ad or post, when given.</summary>
    public Uri? SourceUrl { get; init; }

    /// <summary>Gets the headline of the ad, when given.</summary>
    public string? Headline { get; init; }

    /// <summary>Gets the body text of the ad, when given.</summary>
    public string? Body { get; init; }
}
