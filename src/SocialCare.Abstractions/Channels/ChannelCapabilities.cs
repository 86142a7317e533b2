namespace SocialCare.Abstractions;

/// <summary>Optional features a channel may offer.</summary>
[Flags]
public enum ChannelFeatures
{
    /// <summary>None of the optional features.</summary>
    None = 0,

    /// <summary>Answering in public: a comment under a post, a reply to a post.</summary>
    PublicReplies = 1 << 0,

    /// <summary>Answering a public comment in a private message to its author.</summary>
    PrivateRepliesToPublic = 1 << 1,

    /// <summary>Pre-approved templates, usable outside the reply window.</summary>
    Templates = 1 << 2,

    /// <summary>Showing the customer that an agent is typing.</summary>
    TypingIndicators = 1 << 3,

    /// <summary>Telling the customer that their messages were read.</summary>
    ReadReceipts = 1 << 4,

    /// <summary>Editing a sent message.</summary>
    EditMessages = 1 << 5,

    /// <summary>Deleting a sent message.</summary>
    DeleteMessages = 1 << 6,

    /// <summary>Reacting to a customer's message.</summary>
    Reactions = 1 << 7,

    /// <summary>Hiding or deleting customers' public comments.</summary>
    Moderation = 1 << 8,
}

/// <summary>Kinds of message content, as a set.</summary>
[Flags]
public enum MessagePartKinds
{
    /// <summary>No content.</summary>
    None = 0,

    /// <summary><see cref="TextPart"/>.</summary>
    Text = 1 << 0,

    /// <summary><see cref="MediaPart"/> of kind <see cref="MediaKind.Image"/>.</summary>
    Image = 1 << 1,

    /// <summary><see cref="MediaPart"/> of kind <see cref="MediaKind.Audio"/>.</summary>
    Audio = 1 << 2,

    /// <summary><see cref="MediaPart"/> of kind <see cref="MediaKind.Video"/>.</summary>
    Video = 1 << 3,

    /// <summary><see cref="MediaPart"/> of kind <see cref="MediaKind.Document"/>.</summary>
    Document = 1 << 4,

    /// <summary><see cref="MediaPart"/> of kind <see cref="MediaKind.Sticker"/>.</summary>
    Sticker = 1 << 5,

    /// <summary><see cref="LocationPart"/>.</summary>
    Location = 1 << 6,

    /// <summary><see cref="ContactPart"/>.</summary>
    Contact = 1 << 7,

    /// <summary><see cref="ChoicePart"/>: quick replies, buttons, list items offered to the customer.</summary>
    Choice = 1 << 8,

    /// <summary><see cref="ReactionPart"/>.</summary>
    Reaction = 1 << 9,
}

/// <summary>What a channel can do, so that the engine and user interfaces never offer what would silently fail.</summary>
/// <param name="Features">The optional features the channel offers.</param>
/// <param name="PartKinds">The kinds of content the channel can send.</param>
public sealed record ChannelCapabilities(ChannelFeatures Features, MessagePartKinds PartKinds)
{
    /// <summary>Gets the longest text the channel accepts in one message, in the channel's own unit of length; <see langword="null"/> when unlimited.</summary>
    public int? MaxTextLength { get; init; }

    /// <summary>Gets how long after the customer's last message free content may be sent; <see langword="null"/> when there is no window.</summary>
    public TimeSpan? ReplyWindow { get; init; }

    /// <summary>Gets how long after the customer's last message a tagged message written by a person may be sent (Messenger <c>HUMAN_AGENT</c>: 7 days); <see langword="null"/> when tags do not extend the window.</summary>
    public TimeSpan? TaggedReplyWindow { get; init; }

    /// <summary>Gets the message tag that extends the reply window for messages written by a person (Messenger <c>HUMAN_AGENT</c>), when the channel has one.</summary>
    public string? HumanAgentTag { get; init; }

    /// <summary>
    /// Gets how long after a public comment its author may be answered privately (Facebook: 7 days), for channels with
    /// <see cref="ChannelFeatures.PrivateRepliesToPublic"/>; <see langword="null"/> when there is no limit.
    /// </summary>
    public TimeSpan? PrivateReplyWindow { get; init; }

    /// <summary>
    /// Gets the longest text a public reply may hold, when it differs from <see cref="MaxTextLength"/> (Facebook comments
    /// allow 8,000 characters where Messenger allows 2,000; an X post 280 where a DM allows 10,000).
    /// </summary>
    public int? MaxPublicTextLength { get; init; }

    /// <summary>Tells whether the channel offers every feature in <paramref name="features"/>.</summary>
    /// <param name="features">The features to check.</param>
    /// <returns><see langword="true"/> when all of them are offered.</returns>
    public bool Supports(ChannelFeatures features) => (Features & features) == features;

    /// <summary>Tells whether the channel can send a part.</summary>
    /// <param name="part">The part.</param>
    /// <returns><see langword="true"/> when the channel can send it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="part"/> is <see langword="null"/>.</exception>
    public bool CanSend(MessagePart part)
    {
        var kind = KindOf(part);
        return kind != MessagePartKinds.None && (PartKinds & kind) == kind;
    }

    /// <summary>Returns the kind of a part.</summary>
    /// <param name="part">The part.</param>
    /// <returns>Its kind; <see cref="MessagePartKinds.None"/> for an <see cref="UnsupportedPart"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="part"/> is <see langword="null"/>.</exception>
    public static MessagePartKinds KindOf(MessagePart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        return part switch
        {
            TextPart => MessagePartKinds.Text,
            MediaPart { MediaKind: MediaKind.Image } => MessagePartKinds.Image,
            MediaPart { MediaKind: MediaKind.Audio } => MessagePartKinds.Audio,
            MediaPart { MediaKind: MediaKind.Video } => MessagePartKinds.Video,
            MediaPart { MediaKind: MediaKind.Document } => MessagePartKinds.Document,
            MediaPart { MediaKind: MediaKind.Sticker } => MessagePartKinds.Sticker,
            LocationPart => MessagePartKinds.Location,
            ContactPart => MessagePartKinds.Contact,
            ChoicePart => MessagePartKinds.Choice,
            ReactionPart => MessagePartKinds.Reaction,
            _ => MessagePartKinds.None,
        };
    }
}
