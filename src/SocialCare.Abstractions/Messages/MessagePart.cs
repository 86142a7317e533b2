using System.Text.Json.Serialization;

namespace SocialCare.Abstractions;

/// <summary>One piece of a message's content. A message holds one or more parts, in the order the customer sent them.</summary>
/// <remarks>
/// A closed hierarchy of sealed records; JSON carries the part's kind in a <c>kind</c> property (so no part has a
/// property of that name).
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(TextPart), "text")]
[JsonDerivedType(typeof(MediaPart), "media")]
[JsonDerivedType(typeof(LocationPart), "location")]
[JsonDerivedType(typeof(ContactPart), "contact")]
[JsonDerivedType(typeof(ChoicePart), "choice")]
[JsonDerivedType(typeof(ReactionPart), "reaction")]
[JsonDerivedType(typeof(UnsupportedPart), "unsupported")]
public abstract record MessagePart
{
    private protected MessagePart()
    {
    }
}

/// <summary>Plain text.</summary>
/// <param name="Text">The text, with the network's escapes (HTML entities on X) already decoded.</param>
public sealed record TextPart(string Text) : MessagePart;

/// <summary>The kind of a media attachment.</summary>
public enum MediaKind
{
    /// <summary>A picture.</summary>
    Image = 0,

    /// <summary>A sound recording or voice note.</summary>
    Audio = 1,

    /// <summary>A video.</summary>
    Video = 2,

    /// <summary>A file such as a PDF.</summary>
    Document = 3,

    /// <summary>A sticker.</summary>
    Sticker = 4,
}

/// <summary>A media attachment: an image, audio, video, document or sticker.</summary>
/// <param name="MediaKind">The kind of media.</param>
/// <remarks>
/// At least one of <see cref="NetworkMediaId"/> and <see cref="Url"/> is set. Network URLs often expire or need the
/// channel's token: download media through the channel rather than following <see cref="Url"/> blindly.
/// </remarks>
public sealed record MediaPart(MediaKind MediaKind) : MessagePart
{
    /// <summary>Gets the network's id of the media (a WhatsApp media id), when it has one.</summary>
    public string? NetworkMediaId { get; init; }

    /// <summary>Gets the address of the media, when the network gives one.</summary>
    public Uri? Url { get; init; }

    /// <summary>Gets the MIME type, when known (for example <c>image/jpeg</c>).</summary>
    public string? MimeType { get; init; }

    /// <summary>Gets the size in bytes, when known.</summary>
    public long? Size { get; init; }

    /// <summary>Gets the SHA-256 of the content as the network reports it (usually base64), when known.</summary>
    public string? Sha256 { get; init; }

    /// <summary>Gets the caption the sender wrote, when any.</summary>
    public string? Caption { get; init; }

    /// <summary>Gets the file name, when known (documents).</summary>
    public string? FileName { get; init; }

    /// <summary>Gets a value indicating whether an audio part is a voice note recorded in the app.</summary>
    public bool IsVoice { get; init; }
}

/// <summary>A place on the map.</summary>
/// <param name="Latitude">The latitude in degrees.</param>
/// <param name="Longitude">The longitude in degrees.</param>
public sealed record LocationPart(double Latitude, double Longitude) : MessagePart
{
    /// <summary>Gets the place's name, when given.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the place's address, when given.</summary>
    public string? Address { get; init; }

    /// <summary>Gets a link to the place, when given.</summary>
    public Uri? Url { get; init; }
}

/// <summary>A phone number on a contact card.</summary>
/// <param name="Number">The number as the sender wrote it.</param>
public sealed record ContactPhone(string Number)
{
    /// <summary>Gets the number's label (for example <c>CELL</c> or <c>WORK</c>), when given.</summary>
    public string? Type { get; init; }

    /// <summary>Gets the WhatsApp id of the number when it is on WhatsApp.</summary>
    public NetworkUserId? WhatsAppId { get; init; }
}

/// <summary>A contact card the customer shared.</summary>
/// <param name="FormattedName">The contact's full name as shown.</param>
public sealed record ContactPart(string FormattedName) : MessagePart
{
    /// <summary>Gets the contact's first name, when given.</summary>
    public string? FirstName { get; init; }

    /// <summary>Gets the contact's last name, when given.</summary>
    public string? LastName { get; init; }

    /// <summary>Gets the contact's organization, when given.</summary>
    public string? Organization { get; init; }

    /// <summary>Gets the contact's phone numbers.</summary>
    public IReadOnlyList<ContactPhone> Phones { get; init; } = [];

    /// <summary>Gets the contact's e-mail addresses.</summary>
    public IReadOnlyList<string> Emails { get; init; } = [];
}

/// <summary>What kind of choice a customer made.</summary>
public enum ChoiceKind
{
    /// <summary>A quick reply offered under a message.</summary>
    QuickReply = 0,

    /// <summary>A button on a message or template.</summary>
    Button = 1,

    /// <summary>A Messenger postback (a persistent-menu item, a get-started button, a button with a payload).</summary>
    Postback = 2,

    /// <summary>A row of an interactive list.</summary>
    ListItem = 3,
}

/// <summary>A choice the customer made among options the brand offered: a quick reply, a button, a postback, a list item.</summary>
/// <param name="ChoiceKind">The kind of choice.</param>
/// <param name="Title">The text the customer saw and tapped.</param>
/// <param name="Payload">The payload or id the brand attached to the option, when any.</param>
public sealed record ChoicePart(ChoiceKind ChoiceKind, string Title, string? Payload) : MessagePart
{
    /// <summary>Gets the option's description (list items), when given.</summary>
    public string? Description { get; init; }

    /// <summary>
    /// Gets the title of the section the option belongs to, when options are grouped (WhatsApp list messages: consecutive
    /// list items with the same section form one section).
    /// </summary>
    public string? Section { get; init; }
}

/// <summary>A reaction to a message: an emoji put on it, or taken off.</summary>
/// <param name="Emoji">The emoji; empty when the network does not say which reaction was removed.</param>
/// <param name="Target">The network id of the message reacted to.</param>
public sealed record ReactionPart(string Emoji, NetworkMessageId Target) : MessagePart
{
    /// <summary>Gets a value indicating whether the reaction was removed rather than added.</summary>
    public bool Removed { get; init; }
}

/// <summary>Content SocialCare does not understand, kept with the network's type so nothing is lost.</summary>
/// <param name="RawType">The network's name for the content type, verbatim.</param>
public sealed record UnsupportedPart(string RawType) : MessagePart
{
    /// <summary>Gets what the network said about it (an error title, a fallback text), when anything.</summary>
    public string? Description { get; init; }
}
