using System.Text.Json.Serialization;
using SocialCare.Abstractions.Serialization;

namespace SocialCare.Abstractions;

/// <summary>Identifies a thread within a channel account: the customer's user key for a private conversation, the root post or comment for a public one.</summary>
/// <remarks>Chosen by the channel adapter; stable for all messages of the thread. Compared ordinally; serialized as a JSON string.</remarks>
[JsonConverter(typeof(ThreadIdJsonConverter))]
public readonly record struct ThreadId : IStringValue<ThreadId>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="ThreadId"/> struct.</summary>
    /// <param name="value">The identifier's text.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public ThreadId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>Gets the identifier's text.</summary>
    public string Value => _value ?? string.Empty;

    /// <inheritdoc/>
    static ThreadId IStringValue<ThreadId>.Create(string value) => new(value);

    /// <summary>Returns the identifier's text.</summary>
    /// <returns>The identifier's text.</returns>
    public override string ToString() => Value;
}
