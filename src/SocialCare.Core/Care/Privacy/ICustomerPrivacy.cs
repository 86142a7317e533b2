using System.Buffers;
using System.Text.Json;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>
/// The rights of the people SocialCare holds data about (GDPR articles 15 and 17): an export of everything held about a
/// customer, erasure, and a retention policy for message content. All through the store contracts, so every store
/// behaves the same.
/// </summary>
/// <remarks>Registered by <c>AddSocialCare()</c>. Thread-safe. Nothing here logs names, identities or message text.</remarks>
public interface ICustomerPrivacy
{
    /// <summary>
    /// Collects everything held about a customer: their record (identities, link history), and every ticket of theirs
    /// with its messages and history, including the tickets of customers merged into them.
    /// </summary>
    /// <param name="customer">The customer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The export, or <see langword="null"/> when there is no such customer. <see cref="CustomerExport.WriteJsonAsync"/> writes it.</returns>
    Task<CustomerExport?> ExportAsync(CustomerId customer, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases a customer: the content of their messages is redacted, their identities are removed (their next message
    /// starts a new customer), their name and external id are cleared, and their tickets are kept, anonymised, so that
    /// the metrics stay right. Customers merged into them are erased too. Idempotent.
    /// </summary>
    /// <param name="customer">The customer.</param>
    /// <param name="actor">Who asks (an agent id, <c>system</c>); logged.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What was erased, or <see langword="null"/> when there is no such customer.</returns>
    Task<CustomerErasureResult?> EraseAsync(CustomerId customer, string actor, CancellationToken cancellationToken = default);

    /// <summary>Applies <see cref="PrivacyOptions.RetainContentFor"/> now: redacts older message content, a batch at a time.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many messages were redacted; 0 when no retention period is set.</returns>
    Task<int> ApplyRetentionAsync(CancellationToken cancellationToken = default);
}

/// <summary>What <see cref="ICustomerPrivacy.EraseAsync"/> did.</summary>
/// <param name="Customer">The customer as stored now, without identities.</param>
/// <param name="Customers">How many customer records were erased (the customer and those merged into them).</param>
/// <param name="Tickets">How many tickets were anonymised (0 when repeated).</param>
/// <param name="Messages">How many messages were redacted (0 when repeated).</param>
/// <param name="Identities">How many channel identities were removed.</param>
public sealed record CustomerErasureResult(Customer Customer, int Customers, int Tickets, int Messages, int Identities);

/// <summary>One ticket in a <see cref="CustomerExport"/>.</summary>
/// <param name="Ticket">The ticket.</param>
/// <param name="Messages">Its messages, in order.</param>
/// <param name="History">Its state changes, in order.</param>
public sealed record TicketExport(Ticket Ticket, IReadOnlyList<Message> Messages, IReadOnlyList<TicketHistoryEntry> History);

/// <summary>Everything held about a customer (see <see cref="ICustomerPrivacy.ExportAsync"/>).</summary>
/// <param name="ExportedAt">When the export was made.</param>
/// <param name="Customer">The customer.</param>
/// <param name="MergedCustomers">The customers merged into this one.</param>
/// <param name="Tickets">Every ticket of the customer and of those merged into them, oldest first.</param>
public sealed record CustomerExport(DateTimeOffset ExportedAt, Customer Customer, IReadOnlyList<Customer> MergedCustomers, IReadOnlyList<TicketExport> Tickets)
{
    /// <summary>Writes the export as one JSON document, in the format SocialCare stores its records in (<see cref="SocialCareJson"/>).</summary>
    /// <param name="stream">Where to write; left open.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the document is written and flushed.</returns>
    public async Task WriteJsonAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);

        // Into a buffer, copied to the stream asynchronously: the serializer flushes its writer synchronously, which a
        // server's response stream refuses.
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true });
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteStartObject();
            writer.WriteString("exportedAt", ExportedAt);
            writer.WritePropertyName("customer");
            Write(writer, Customer);
            writer.WriteStartArray("mergedCustomers");
            foreach (var merged in MergedCustomers)
            {
                Write(writer, merged);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("tickets");
            foreach (var ticket in Tickets)
            {
                writer.WriteStartObject();
                writer.WritePropertyName("ticket");
                Write(writer, ticket.Ticket);
                writer.WriteStartArray("messages");
                foreach (var message in ticket.Messages)
                {
                    Write(writer, message);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("history");
                foreach (var entry in ticket.History)
                {
                    Write(writer, entry);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.Flush();
                if (buffer.WrittenCount > 64 * 1024)
                {
                    await CopyAsync(buffer, stream, cancellationToken).ConfigureAwait(false);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.Flush();
            await CopyAsync(buffer, stream, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CopyAsync(ArrayBufferWriter<byte> buffer, Stream stream, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        buffer.ResetWrittenCount();
    }

    private static void Write<T>(Utf8JsonWriter writer, T value) => JsonSerializer.Serialize(writer, value, SocialCareJson.GetTypeInfo<T>());
}
