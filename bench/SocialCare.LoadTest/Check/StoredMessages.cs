using System.Globalization;
using System.Text.Json;
using SocialCare.Abstractions;

namespace SocialCare.LoadTest.Check;

/// <summary>Reads every customer message back: from a store in process, or through the inbox's HTTP API.</summary>
internal static class StoredMessages
{
    private const int PageSize = 1000;

    /// <summary>Reads every ticket's inbound messages from a store, page by page.</summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">A token to cancel the reading.</param>
    /// <returns>The messages.</returns>
    public static async Task<IReadOnlyList<StoredMessage>> FromStoreAsync(ITicketStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var result = new List<StoredMessage>();
        TicketId? after = null;
        while (true)
        {
            var page = await store.QueryTicketsAsync(new TicketQuery { Limit = PageSize, After = after, NewestFirst = true }, cancellationToken);
            foreach (var ticket in page)
            {
                foreach (var message in await store.GetMessagesAsync(ticket.Id, cancellationToken))
                {
                    if (message.Direction == MessageDirection.Inbound)
                    {
                        result.Add(new StoredMessage(ticket.Id.Value, ticket.Conversation.Channel.Value, message.NetworkId?.Value));
                    }
                }
            }

            if (page.Count < PageSize)
            {
                return result;
            }

            after = page[^1].Id;
        }
    }

    /// <summary>
    /// Reads every ticket through the inbox's API: <c>GET /api/tickets?limit=&amp;after=</c> page by page, then
    /// <c>GET /api/tickets/{id}</c> for each (several at once), keeping the customer's messages.
    /// </summary>
    /// <param name="client">A client whose base address is the inbox's.</param>
    /// <param name="parallelism">How many tickets to read at once.</param>
    /// <param name="cancellationToken">A token to cancel the reading.</param>
    /// <returns>The messages.</returns>
    /// <exception cref="HttpRequestException">The API answered with an error.</exception>
    public static async Task<IReadOnlyList<StoredMessage>> FromApiAsync(HttpClient client, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var ids = new List<string>();
        string? after = null;
        while (true)
        {
            var query = string.Create(CultureInfo.InvariantCulture, $"api/tickets?limit={PageSize}") + (after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after));
            using var page = await GetJsonAsync(client, query, cancellationToken);
            var count = 0;
            foreach (var ticket in page.RootElement.EnumerateArray())
            {
                ids.Add(ticket.GetProperty("id").GetString()!);
                count++;
            }

            if (count < PageSize)
            {
                break;
            }

            after = ids[^1];
        }

        var result = new List<StoredMessage>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken }, async (id, ct) =>
        {
            using var ticket = await GetJsonAsync(client, "api/tickets/" + Uri.EscapeDataString(id), ct);
            var channel = ticket.RootElement.GetProperty("channel").GetString()!;
            var messages = new List<StoredMessage>();
            foreach (var message in ticket.RootElement.GetProperty("messages").EnumerateArray())
            {
                if (message.GetProperty("direction").GetString() == nameof(MessageDirection.Inbound))
                {
                    messages.Add(new StoredMessage(id, channel, message.TryGetProperty("networkId", out var networkId) ? networkId.GetString() : null));
                }
            }

            lock (result)
            {
                result.AddRange(messages);
            }
        });
        return result;
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
    }
}
