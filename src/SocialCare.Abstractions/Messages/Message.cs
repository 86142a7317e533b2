namespace SocialCare.Abstractions;

/// <summary>A message as SocialCare records it on a ticket's timeline.</summary>
/// <param name="Id">SocialCare's id of the message.</param>
/// <param name="TicketId">The ticket the message belongs to.</param>
/// <param name="Conversation">The conversation it was written in.</param>
/// <param name="Direction">Which way it travelled.</param>
/// <param name="Author">Who wrote it.</param>
/// <param name="SentAt">When it was written, as the network reports it (or when SocialCare sent it).</param>
/// <param name="Parts">Its content, in order.</param>
/// <remarks>
/// Immutable: a change (an edit, a delivery status) produces a new instance through <c>with</c>. Records compare
/// collections by reference, so compare <see cref="Parts"/> item by item.
/// </remarks>
public sealed record Message(
    MessageId Id,
    TicketId TicketId,
    ConversationRef Conversation,
    MessageDirection Direction,
    AuthorKind Author,
    DateTimeOffset SentAt,
    IReadOnlyList<MessagePart> Parts)
{
    /// <summary>
    /// Gets when the message's content was redacted (a customer's erasure, or the retention policy): <see cref="Parts"/> is
    /// then empty.
    /// </summary>
    public DateTimeOffset? RedactedAt { get; init; }

    /// <summary>Gets the channel identity that wrote the message, when it is known (the customer for inbound messages).</summary>
    public Participant? Sender { get; init; }

    /// <summary>Gets the agent who wrote an outbound message, when known.</summary>
    public AgentId? Agent { get; init; }

    /// <summary>Gets the network's id of the message, once the network has one.</summary>
    public NetworkMessageId? NetworkId { get; init; }

    /// <summary>Gets the message this one replies to, when it is in SocialCare's store.</summary>
    public MessageId? ReplyTo { get; init; }

    /// <summary>Gets the network id of the message this one replies to, when the network says.</summary>
    public NetworkMessageId? ReplyToNetworkId { get; init; }

    /// <summary>Gets when SocialCare recorded the message.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    /// <summary>Gets when the message was last edited, when it was.</summary>
    public DateTimeOffset? EditedAt { get; init; }

    /// <summary>Gets when the message was deleted or revoked by its author, when it was.</summary>
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>Gets how far an outbound message has travelled.</summary>
    public DeliveryStatus Status { get; init; }

    /// <summary>Gets why an outbound message failed, when <see cref="Status"/> is <see cref="DeliveryStatus.Failed"/>.</summary>
    public DeliveryFailure? Failure { get; init; }

    /// <summary>Gets the referral (an ad, a link) that brought the customer, when the message carried one.</summary>
    public Referral? Referral { get; init; }

    /// <summary>
    /// Gets a value indicating whether this outbound message answered a public comment privately (a Facebook private
    /// reply): it was not posted in the public thread it is stored with.
    /// </summary>
    public bool PrivateReply { get; init; }

    /// <summary>
    /// Gets what automation wrote an outbound <see cref="AuthorKind.Bot"/> message for (an answer, an out-of-hours notice, a
    /// satisfaction survey or its thanks), so that reports count each apart; <see langword="null"/> for other messages and
    /// for bot messages recorded before SocialCare kept it.
    /// </summary>
    public AutomaticMessageKind? Automation { get; init; }
}
