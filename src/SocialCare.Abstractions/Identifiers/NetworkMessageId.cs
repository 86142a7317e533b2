using System.Text.Json.Serialization;
using SocialCare.Abstractions.Serialization;

namespace SocialCare.Abstractions;

/// <summary>Identifies a message as the network knows it: a Messenger <c>mid</c>, a WhatsApp <c>wamid</c>, a comment id, a post or DM event id.</summary>
/// <remarks>Assigned by the network; used verbatim. Unique within a channel account. Compared ordinally; serialized as a JSON string.</remarks>
[JsonConverter(typeof(NetworkMessageIdJsonConverter))]
public readonly record struct NetworkMessageId : IStringValue<NetworkMessageId>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="NetworkMessageId"/> struct.</summary>
    /// <param name="value">The identifier's text.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public NetworkMessageId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>Gets the identifier's text.</summary>
    public string Value => _value ?? string.Empty;

    /// <inheritdoc/>
    static NetworkMessageId IStringValue<NetworkMessageId>.Create(string value) => new(value);

    /// <summary>Returns the identifier's text.</summary>
    /// <returns>The identifier's text.</returns>
    public override string ToString() => Value;
}
