using System.Text.Json.Serialization;

namespace SocialCare.Abstractions;

/// <summary>Something that happened on a network, translated by a channel adapter into the channel-neutral model.</summary>
/// <param name="Key">The idempotency key: the same network event always carries the same key.</param>
/// <param name="Conversation">The conversation the event belongs to.</param>
/// <param name="Customer">The customer the event concerns: the author of an inbound message, the recipient of an outbound one.</param>
/// <param name="OccurredAt">When it happened, as the network reports it.</param>
/// <remarks>A closed hierarchy of sealed records; JSON carries the kind in a <c>type</c> property.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(MessageReceived), "message.received")]
[JsonDerivedType(typeof(MessageEdited), "message.edited")]
[JsonDerivedType(typeof(MessageDeleted), "message.deleted")]
[JsonDerivedType(typeof(DeliveryStatusChanged), "delivery.status")]
[JsonDerivedType(typeof(ReactionChanged), "reaction.changed")]
[JsonDerivedType(typeof(ReferralReceived), "referral")]
[JsonDerivedType(typeof(ConversationControlChanged), "conversation.control")]
[JsonDerivedType(typeof(IdentityChanged), "identity.changed")]
[JsonDerivedType(typeof(ActivityObserved), "activity")]
[JsonDerivedType(typeof(UnsupportedEvent), "unsupported")]
public abstract record InboundEvent(
    IdempotencyKey Key,
    ConversationRef Conversation,
    Participant Customer,
    DateTimeOffset OccurredAt);

/// <summary>
/// A message appeared in a conversation: written by the customer, or an echo of one the brand sent from elsewhere
/// (the network's own inbox, another app, our own send).
/// </summary>
/// <param name="Key">The idempotency key.</param>
/// <param name="Conversation">The conversation.</param>
/// <param name="Customer">The customer: the author of an inbound message, the recipient of an echo.</param>
/// <param name="OccurredAt">When the message was written.</param>
/// <param name="MessageId">The network's id of the message.</param>
/// <param name="Parts">The message's content, in order.</param>
public sealed record MessageReceived(
    IdempotencyKey Key,
    ConversationRef Conversation,
    Participant Customer,
    DateTimeOffset OccurredAt,
    NetworkMessageId MessageId,
    IReadOnlyList<MessagePart> Parts) : InboundEvent(Key, Conversation, Customer, OccurredAt)
{
    /// <summary>Gets which way the message travelled: <see cref="MessageDirection.Outbound"/> for echoes of the brand's messages.</summary>
    public MessageDirection Direction { get; init; }

    /// <summary>Gets who wrote the message: the customer, or for an echo an agent or a bot.</summary>
    public AuthorKind Author { get; init; }

    /// <summary>Gets the network id of the message this one replies to, when any.</summary>
    public NetworkMessageId? ReplyTo { get; init; }

    /// <summary>Gets the referral that came with the message (a click-to-chat ad), when any.</summary>
    public Referral? Referral { get; init; }

    /// <summary>
    /// Gets the SDK's own id of this message when the event is the network's echo of a message sent through SocialCare
    /// (Messenger echoes the metadata given at send time), so that the echo is matched to the sent message instead of
    /// being recorded twice.
    /// </summary>
    public MessageId? LocalId { get; init; }

    /// <summary>
    /// Gets a value indicating whether the message arrived while another application owns the conversation (the
    /// Messenger handover protocol's standby channel): it is recorded, but nothing should answer it automatically.
    /// </summary>
    public bool Standby { get; init; }

    /// <summary>
    /// Gets how the message reached the account: addressed to it (the default), or found by listening to public posts
    /// that do not address it (keyword and brand rules), in which case the host decides whether it opens a ticket.
    /// </summary>
    public MessageOrigin Origin { get; init; }

    /// <summary>Gets the name (tag) of the listening rule that found the message, for <see cref="MessageOrigin.Listening"/>.</summary>
    public string? MatchedRule { get; init; }
}

/// <summary>How a message reached the account.</summary>
public enum MessageOrigin
{
    /// <summary>The message was addressed to the account: a private message, a comment on its post, a mention, a reply.</summary>
    Direct = 0,

    /// <summary>
    /// The message was found by listening to public posts (a keyword or brand rule) and does not address the account:
    /// it joins an active ticket of its thread, and otherwise opens one only when the host's <see cref="IListeningTriage"/> says so.
    /// </summary>
    Listening = 1,
}

/// <summary>The author changed the content of a message.</summary>
/// <param name="Key">The idempotency key.</param>
/// <param name="Conversation">The conversation.</param>
/// <param name="Customer">The customer.</param>
/// <param name="OccurredAt">When the edit was made.</param>
/// <param name="MessageId">The network id of the edited message.</param>
/// <param name="Parts">The new content.</param>
public sealed record MessageEdited(
    IdempotencyKey Key,
    ConversationRef Conversation,
    Participant Customer,
    DateTimeOffset OccurredAt,
    NetworkMessageId MessageId,
    IReadOnlyList<MessagePart> Parts) : InboundEvent(Key, Conversation, Customer, OccurredAt);

/// <summary>The author deleted or revoked a message (or a moderator removed a comment).</summary>
/// <param name="Key">The idempotency key.</param>
/// <param name="Conversation">The conversation.</param>
/// <param name="Customer">The customer.</param>
/// <param name="OccurredAt">When it was deleted.</param>
/// <param name="MessageId">The network id of the deleted message.</param>
public sealed record MessageDeleted(
    IdempotencyKey Key,
    ConversationRef Conversation,
    Participant Customer,
    DateTimeOffset OccurredAt,
    NetworkMessageId MessageId) : InboundEvent(Key, Conversation, Customer, OccurredAt);

/// <summary>
/// The network reports how far an outbound message has travelled: for one message (<see cref="MessageId"/>), or for
/// every message sent up to a time (<see cref="Watermark"/>, as Messenger does).
/// </summary>
/// <param name="Key">The idempotency key.</param>
/// <param name="Conversation">The conversation.</param>
/// <param name="Customer">The customer the messages were sent to.</param>
/// <param name="OccurredAt">When the status changed.</param>
/// <param name="Status">The new status.</param>
public sealed record DeliveryStatusChanged(
    IdempotencyKey Key,
    ConversationRef Conversation,
    Participant Customer,
    DateTimeOffset OccurredAt,
    DeliveryStatus Status) : InboundEvent(Key, Conversation, Customer, OccurredAt)
{
    /// <summary>Gets the network id of the message whose status changed, when the event names one.</summary>
    public NetworkMessageId? MessageId { get; init; }

    /// <summary>Gets the time up to which every outbound message of the conversation reached <see cref="DeliveryStatusChanged.Status"/>, when the event gives one.</summary>
    public DateTimeOffset? Watermark { get; init; }

    /// <summary>Gets why delivery failed, when the status is <see cref="DeliveryStatus.Failed"/>.</summary>
    public DeliveryFailure? Failure { get; init; }

    /// <summary>
    /// Gets SocialCare's own id of the message, when the network echoes the correlation data given at send time
    /// (WhatsApp's <c>biz_opaque_callback_data</c>), so that a status that overtakes the send's answer still finds its message.
    /// </summary>
    public MessageId? LocalId { get; init; }
}

/// <summary>Someone put a reaction on a message, or took it off.</summary>
/// <param name="Key">The idempotency key.</param>
/// <param name="Conversation">The conversation.</param>
/// <param name="Customer">The customer who reacted.</param>
/// <param name="OccurredAt">When the reaction changed.</param>
/// <param name="Reaction">The reaction, its target and whether it was removed.</param>
public sealed record ReactionChanged(
    IdempotencyKey Key,
    ConversationRef Conversation,
    Participant Customer,
    DateTimeOffset OccurredAt,
    ReactionPart Reaction) : InboundEvent(Key, Conversation, Customer, OccurredAt);

/// <summary>The customer arrived through an ad, a link or a plug-in, without (yet) writing a message.</summary>
/// <param name="Key">The idempotency key.</param>
/// <param name="Conversation">The conversation.</param>
/// <param name="Customer">The customer.</param>
/// <param name="OccurredAt">When the customer arrived.</param>
/// <param name="Referral">Where the customer came from.</param>
public sealed record ReferralReceived(
    IdempotencyKey Key,
    ConversationRef Conversation,
    Participant Customer,
    DateTimeOffset OccurredAt,
    Referral Referral) : InboundEvent(Key, Conversation, Customer, OccurredAt);

/// <summary>An event the adapter recognised as belonging to a conversation but SocialCare does not model; kept, not dropped.</summary>
/// <param name="Key">The idempotency key.</param>
/// <param name="Conversation">The conversation.</param>
/// <param name="Customer">The customer.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="RawType">The network's name for the event, verbatim.</param>
public sealed record UnsupportedEvent(
    IdempotencyKey Key,
    ConversationRef Conversation,
    Participant Customer,
    DateTimeOffset OccurredAt,
    string RawType) : InboundEvent(Key, Conversation, Customer, OccurredAt)
{
    /// <summary>Gets what the network said about it, when anything (an error title, for example).</summary>
    public string? Description { get; init; }
}

/// <summary>Who controls a conversation, as reported by a network's handover protocol.</summary>
public enum ConversationControl
{
    /// <summary>This application owns the conversation: it may answer, automatically or not.</summary>
    Ours = 0,

    /// <summary>Another application (a bot, or the network's own inbox) owns the conversation; do not answer automatically.</summary>
    Elsewhere = 1,

    /// <summary>Another application asks this one to hand the conversation over.</summary>
    Requested = 2,
}

/// <summary>
/// The control of a conversation moved between applications (Messenger's handover protocol: pass, take or request
/// thread control).
/// </summary>
/// <param name="Key">The idempotency key of the network event.</param>
/// <param name="Conversation">The conversation whose control changed.</param>
/// <param name="Customer">The customer of that conversation.</param>
/// <param name="OccurredAt">When the network says the change happened.</param>
/// <param name="Control">Who controls the conversation now.</param>
public sealed record ConversationControlChanged(
    IdempotencyKey Key,
    ConversationRef Conversation,
    Participant Customer,
    DateTimeOffset OccurredAt,
    ConversationControl Control) : InboundEvent(Key, Conversation, Customer, OccurredAt)
{
    /// <summary>Gets the network's id of the application that owns (or asks for) the conversation, if given.</summary>
    public string? OwnerAppId { get; init; }

    /// <summary>Gets the network's id of the application that owned it before, if given.</summary>
    public string? PreviousOwnerAppId { get; init; }

    /// <summary>Gets the free text the other application attached to the change, if any.</summary>
    public string? Metadata { get; init; }
}

/// <summary>
/// The network says a customer's identity changed (WhatsApp: the customer moved to a new phone number): the new identity
/// belongs to the same customer, whose conversations carry on.
/// </summary>
/// <param name="Key">The idempotency key of the network event.</param>
/// <param name="Conversation">The conversation of the old identity.</param>
/// <param name="Customer">The old identity, as the customer was known until now.</param>
/// <param name="OccurredAt">When the network says the change happened.</param>
/// <param name="NewIdentity">The identity the customer uses from now on, on the same channel account.</param>
public sealed record IdentityChanged(
    IdempotencyKey Key,
    ConversationRef Conversation,
    Participant Customer,
    DateTimeOffset OccurredAt,
    Participant NewIdentity) : InboundEvent(Key, Conversation, Customer, OccurredAt)
{
    /// <summary>Gets the network's own description of the change (personal data: kept with the ticket, never logged), when given.</summary>
    public string? Description { get; init; }
}

/// <summary>What kind of activity an <see cref="ActivityObserved"/> event reports.</summary>
public enum ParticipantActivity
{
    /// <summary>Another kind, named by <see cref="ActivityObserved.RawType"/>.</summary>
    Other = 0,

    /// <summary>Someone liked (favourited) a post.</summary>
    Liked = 1,

    /// <summary>Someone started following an account.</summary>
    Followed = 2,

    /// <summary>Someone stopped following an account.</summary>
    Unfollowed = 3,

    /// <summary>An account blocked another.</summary>
    Blocked = 4,

    /// <summary>An account unblocked another.</summary>
    Unblocked = 5,

    /// <summary>An account muted another.</summary>
    Muted = 6,

    /// <summary>An account unmuted another.</summary>
    Unmuted = 7,

    /// <summary>The account's owner revoked this application's access: nothing more arrives or can be sent until it is authorised again.</summary>
    AccessRevoked = 8,

    /// <summary>The customer is typing a private message.</summary>
    Typing = 9,
}

/// <summary>
/// Something a participant did that is neither a message nor a delivery status (a like, a follow, a block, a revoked
/// authorisation, a typing signal). It never opens a ticket and adds no message: the engine records that it was handled
/// and tells the host's <see cref="IActivitySink"/>s, with the customer's active ticket when there is one.
/// </summary>
/// <param name="Key">The idempotency key.</param>
/// <param name="Conversation">The conversation it concerns: the private conversation with the customer, or for a like the thread of the liked post.</param>
/// <param name="Customer">The other participant: who liked, followed or typed; who was blocked or muted by the account.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="Activity">What happened.</param>
public sealed record ActivityObserved(
    IdempotencyKey Key,
    ConversationRef Conversation,
    Participant Customer,
    DateTimeOffset OccurredAt,
    ParticipantActivity Activity) : InboundEvent(Key, Conversation, Customer, OccurredAt)
{
    /// <summary>Gets the network's name for the activity, verbatim (<c>favorite</c>, <c>follow</c>, <c>like.create</c>…).</summary>
    public string? RawType { get; init; }

    /// <summary>Gets a value indicating whether the account did it (blocked, muted, followed the customer) rather than the customer.</summary>
    public bool ByAccount { get; init; }

    /// <summary>Gets the network id of the message the activity concerns (the liked post), when any.</summary>
    public NetworkMessageId? Target { get; init; }
}
