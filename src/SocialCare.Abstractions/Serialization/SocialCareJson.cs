using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace SocialCare.Abstractions;

/// <summary>The JSON form of the SocialCare model, for stores, queues and event webhooks: source-generated, AOT-safe.</summary>
/// <remarks>
/// camelCase names, enums as strings, absent optional values omitted, identifiers as plain strings, polymorphic types
/// with a <c>kind</c> (parts) or <c>type</c> (events) discriminator. Unknown properties are ignored when reading.
/// </remarks>
public static class SocialCareJson
{
    /// <summary>Gets the read-only serializer options for the model.</summary>
    public static JsonSerializerOptions Options => SocialCareJsonContext.Default.Options;

    /// <summary>Gets the source-generated metadata for a model type.</summary>
    /// <typeparam name="T">A model type (a record of this package, or a list of one).</typeparam>
    /// <returns>The metadata.</returns>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not part of the model.</exception>
    public static JsonTypeInfo<T> GetTypeInfo<T>()
        => Options.TryGetTypeInfo(typeof(T), out var info) && info is JsonTypeInfo<T> typed
            ? typed
            : throw new NotSupportedException($"{typeof(T)} is not part of the SocialCare model.");

    /// <summary>Writes a model value as UTF-8 JSON.</summary>
    /// <typeparam name="T">A model type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The JSON bytes.</returns>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not part of the model.</exception>
    public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, GetTypeInfo<T>());

    /// <summary>Writes a model value as a JSON string.</summary>
    /// <typeparam name="T">A model type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not part of the model.</exception>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, GetTypeInfo<T>());

    /// <summary>Reads a model value from UTF-8 JSON.</summary>
    /// <typeparam name="T">A model type.</typeparam>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <returns>The value.</returns>
    /// <exception cref="JsonException">The JSON is malformed or does not describe a <typeparamref name="T"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not part of the model.</exception>
    public static T? Deserialize<T>(ReadOnlySpan<byte> utf8Json) => JsonSerializer.Deserialize(utf8Json, GetTypeInfo<T>());

    /// <summary>Reads a model value from a JSON string.</summary>
    /// <typeparam name="T">A model type.</typeparam>
    /// <param name="json">The JSON text.</param>
    /// <returns>The value.</returns>
    /// <exception cref="JsonException">The JSON is malformed or does not describe a <typeparamref name="T"/>.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not part of the model.</exception>
    public static T? Deserialize<T>([StringSyntax(StringSyntaxAttribute.Json)] string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, GetTypeInfo<T>());
    }
}

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(Participant))]
[JsonSerializable(typeof(ConversationRef))]
[JsonSerializable(typeof(IdempotencyKey))]
[JsonSerializable(typeof(Message))]
[JsonSerializable(typeof(IReadOnlyList<Message>))]
[JsonSerializable(typeof(MessagePart))]
[JsonSerializable(typeof(IReadOnlyList<MessagePart>))]
[JsonSerializable(typeof(InboundEvent))]
[JsonSerializable(typeof(InboundEnvelope))]
[JsonSerializable(typeof(OutboundMessage))]
[JsonSerializable(typeof(SendResult))]
[JsonSerializable(typeof(ChannelError))]
[JsonSerializable(typeof(ChannelCapabilities))]
[JsonSerializable(typeof(Ticket))]
[JsonSerializable(typeof(TicketHistoryEntry))]
[JsonSerializable(typeof(IReadOnlyList<TicketHistoryEntry>))]
[JsonSerializable(typeof(TicketEvent))]
[JsonSerializable(typeof(EventWebhookPayload))]
[JsonSerializable(typeof(EventDelivery))]
[JsonSerializable(typeof(TicketChangeSet))]
[JsonSerializable(typeof(TicketSla))]
[JsonSerializable(typeof(OutboxEntry))]
[JsonSerializable(typeof(TicketQuery))]
[JsonSerializable(typeof(Customer))]
[JsonSerializable(typeof(Agent))]
[JsonSerializable(typeof(AutoResponse))]
[JsonSerializable(typeof(ErasureCount))]
[JsonSerializable(typeof(CustomerLinkProposal))]
[JsonSerializable(typeof(IdentityLinkRecord))]
internal sealed partial class SocialCareJsonContext : JsonSerializerContext;
