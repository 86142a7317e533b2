using System.Text.Json.Serialization;
using SocialCare.Abstractions.Serialization;

namespace SocialCare.Abstractions;

/// <summary>Identifies a message in SocialCare's own store (not the network's id: see <see cref="NetworkMessageId"/>).</summary>
/// <remarks>Created when a message is first recorded. Compared ordinally; serialized as a JSON string.</remarks>
[JsonConverter(typeof(MessageIdJsonConverter))]
public readonly record struct MessageId : IStringValue<MessageId>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="MessageId"/> struct.</summary>
    /// <param name="value">The identifier's text.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public MessageId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>Gets the identifier's text.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Creates a new, time-ordered identifier.</summary>
    /// <param name="timestamp">The creation time, taken from the caller's <see cref="TimeProvider"/>; it orders identifiers by time.</param>
    /// <returns>A new, unique identifier.</returns>
    public static MessageId New(DateTimeOffset timestamp) => new(Guid.CreateVersion7(timestamp).ToString("N"));

    /// <inheritdoc/>
    static MessageId IStringValue<MessageId>.Create(string value) => new(value);

    /// <summary>Returns the identifier's text.</summary>
    /// <returns>The identifier's text.</returns>
    public override string ToString() => Value;
}
