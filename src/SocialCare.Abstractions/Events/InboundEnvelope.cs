using System.Text.Json.Serialization;
using SocialCare.Abstractions.Serialization;

namespace SocialCare.Abstractions;

/// <summary>An inbound event together with the raw network JSON it was read from, kept beside the model rather than inside it.</summary>
/// <param name="Event">The channel-neutral event.</param>
/// <remarks>
/// <see cref="Raw"/> may be a slice of the webhook request's body: it is valid for as long as that body is. Copy it
/// (<c>Raw.ToArray()</c>) to keep it longer. In JSON it is written as the JSON value it holds.
/// </remarks>
public sealed record InboundEnvelope(InboundEvent Event)
{
    /// <summary>Gets the UTF-8 JSON fragment of the network payload the event was read from (one <c>messaging[]</c> item, one change), or empty.</summary>
    [JsonConverter(typeof(RawJsonConverter))]
    public ReadOnlyMemory<byte> Raw { get; init; }
}
