using System.Text.Json.Serialization;
using SocialCare.Abstractions.Serialization;

namespace SocialCare.Abstractions;

/// <summary>Identifies a ticket: the unit of work an agent resolves.</summary>
/// <remarks>Created by the ticket engine; stable for the ticket's life. Compared ordinally; serialized as a JSON string.</remarks>
[JsonConverter(typeof(TicketIdJsonConverter))]
public readonly record struct TicketId : IStringValue<TicketId>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="TicketId"/> struct.</summary>
    /// <param name="value">The identifier's text.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public TicketId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>Gets the identifier's text.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Creates a new, time-ordered identifier.</summary>
    /// <param name="timestamp">The creation time, taken from the caller's <see cref="TimeProvider"/>; it orders identifiers by time.</param>
    /// <returns>A new, unique identifier.</returns>
    public static TicketId New(DateTimeOffset timestamp) => new(Guid.CreateVersion7(timestamp).ToString("N"));

    /// <inheritdoc/>
    static TicketId IStringValue<TicketId>.Create(string value) => new(value);

    /// <summary>Returns the identifier's text.</summary>
    /// <returns>The identifier's text.</returns>
    public override string ToString() => Value;
}
