using System.Text.Json.Serialization;
using SocialCare.Abstractions.Serialization;

namespace SocialCare.Abstractions;

/// <summary>Identifies a person as the network knows them, scoped as the network scopes it: a Page-scoped id (PSID), a WhatsApp business-scoped user id or phone number, an X user id.</summary>
/// <remarks>Assigned by the network; used verbatim. It is the stable key of a <see cref="Participant"/>. Compared ordinally; serialized as a JSON string.</remarks>
[JsonConverter(typeof(NetworkUserIdJsonConverter))]
public readonly record struct NetworkUserId : IStringValue<NetworkUserId>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="NetworkUserId"/> struct.</summary>
    /// <param name="value">The identifier's text.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public NetworkUserId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>Gets the identifier's text.</summary>
    public string Value => _value ?? string.Empty;

    /// <inheritdoc/>
    static NetworkUserId IStringValue<NetworkUserId>.Create(string value) => new(value);

    /// <summary>Returns the identifier's text.</summary>
    /// <returns>The identifier's text.</returns>
    public override string ToString() => Value;
}
