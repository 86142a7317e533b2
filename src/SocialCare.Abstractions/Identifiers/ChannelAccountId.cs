using System.Text.Json.Serialization;
using SocialCare.Abstractions.Serialization;

namespace SocialCare.Abstractions;

/// <summary>Identifies the brand's account on a channel: a Facebook Page id, a WhatsApp phone number id, the brand's X user id.</summary>
/// <remarks>Assigned by the network; used verbatim. Compared ordinally; serialized as a JSON string.</remarks>
[JsonConverter(typeof(ChannelAccountIdJsonConverter))]
public readonly record struct ChannelAccountId : IStringValue<ChannelAccountId>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="ChannelAccountId"/> struct.</summary>
    /// <param name="value">The identifier's text.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public ChannelAccountId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>Gets the identifier's text.</summary>
    public string Value => _value ?? string.Empty;

    /// <inheritdoc/>
    static ChannelAccountId IStringValue<ChannelAccountId>.Create(string value) => new(value);

    /// <summary>Returns the identifier's text.</summary>
    /// <returns>The identifier's text.</returns>
    public override string ToString() => Value;
}
