using System.Text.Json.Serialization;
using SocialCare.Abstractions.Serialization;

namespace SocialCare.Abstractions;

/// <summary>Identifies an agent (a person, or a bot account) in the host's agent directory.</summary>
/// <remarks>Issued by the host's <see cref="IAgentDirectory"/>. Compared ordinally; serialized as a JSON string.</remarks>
[JsonConverter(typeof(AgentIdJsonConverter))]
public readonly record struct AgentId : IStringValue<AgentId>
{
    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="AgentId"/> struct.</summary>
    /// <param name="value">The identifier's text.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public AgentId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>Gets the identifier's text.</summary>
    public string Value => _value ?? string.Empty;

    /// <inheritdoc/>
    static AgentId IStringValue<AgentId>.Create(string value) => new(value);

    /// <summary>Returns the identifier's text.</summary>
    /// <returns>The identifier's text.</returns>
    public override string ToString() => Value;
}
