using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SocialCare.Abstractions;

namespace SocialCare.Storage.Sqlite;

/// <summary>The JSON documents stored in the <c>doc</c> columns: the model records as <see cref="SocialCareJson"/> writes them.</summary>
internal static class Documents
{
    public static readonly JsonTypeInfo<Ticket> Ticket = SocialCareJson.GetTypeInfo<Ticket>();
    public static readonly JsonTypeInfo<Message> Message = SocialCareJson.GetTypeInfo<Message>();
    public static readonly JsonTypeInfo<TicketHistoryEntry> History = SocialCareJson.GetTypeInfo<TicketHistoryEntry>();
    public static readonly JsonTypeInfo<OutboxEntry> Outbox = SocialCareJson.GetTypeInfo<OutboxEntry>();
    public static readonly JsonTypeInfo<Customer> Customer = SocialCareJson.GetTypeInfo<Customer>();

    public static byte[] Write<T>(T value, JsonTypeInfo<T> info) => JsonSerializer.SerializeToUtf8Bytes(value, info);

    /// <exception cref="InvalidDataException">The stored document is not a <typeparamref name="T"/>.</exception>
    public static T Read<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> info)
    {
        try
        {
            return JsonSerializer.Deserialize(json, info) ?? throw new InvalidDataException($"A stored {typeof(T).Name} document is null.");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"A stored {typeof(T).Name} document cannot be read.", exception);
        }
    }
}
