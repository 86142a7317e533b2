using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.Benchmarks;

/// <summary>
/// What the issue-9 ingest benchmarks share: the size of a batch, how it is spread over customers, and the three loops
/// each category measures over the same signed requests (the floor, the adapter's verify + parse, the full ingest).
/// </summary>
internal static class IngestRun
{
    /// <summary>Events per iteration: each a new message id, into a fresh in-memory store.</summary>
    public const int Batch = 4096;

    /// <summary>
    /// Customers the batch is spread over, taken in turn (customer <c>i % Customers</c> sends event <c>i</c>): each writes
    /// four messages, so a quarter of the events open a ticket and the rest join the customer's open ticket.
    /// </summary>
    public const int Customers = 1024;

    /// <summary>The floor over each body of the batch.</summary>
    public static int Floors(byte[] key, byte[][] bodies)
    {
        var sum = 0;
        foreach (var body in bodies)
        {
            sum += Floor.Compute(key, body);
        }

        return sum;
    }

    /// <summary>The registered adapter's <see cref="IChannelAdapter.ReceiveAsync"/> (signature, then parse) over each request; the number of events read.</summary>
    public static async Task<int> VerifyAndParseAsync(IChannelAdapter adapter, WebhookRequest[] requests)
    {
        var events = 0;
        foreach (var request in requests)
        {
            var result = await adapter.ReceiveAsync(request, CancellationToken.None).ConfigureAwait(false);
            events += result.Events.Count;
        }

        return events;
    }

    /// <summary>Each request through the whole pipeline; the number of events applied.</summary>
    public static async Task<int> IngestAsync(IWebhookPipeline pipeline, ChannelId channel, WebhookRequest[] requests)
    {
        var applied = 0;
        foreach (var request in requests)
        {
            var response = await pipeline.ProcessAsync(channel, request, CancellationToken.None).ConfigureAwait(false);
            applied += response.StatusCode == 200 ? response.Applied : 0;
        }

        return applied;
    }

    /// <summary>Each request through the whole pipeline; the number answered 200 (applied, or recorded as handled without a change).</summary>
    public static async Task<int> AcknowledgedAsync(IWebhookPipeline pipeline, ChannelId channel, WebhookRequest[] requests)
    {
        var acknowledged = 0;
        foreach (var request in requests)
        {
            var response = await pipeline.ProcessAsync(channel, request, CancellationToken.None).ConfigureAwait(false);
            acknowledged += response.StatusCode == 200 ? 1 : 0;
        }

        return acknowledged;
    }

    /// <summary>Throws unless the adapter verifies and parses every request to one event.</summary>
    public static void CheckParses(IChannelAdapter adapter, WebhookRequest[] requests, string what)
    {
        var events = VerifyAndParseAsync(adapter, requests).GetAwaiter().GetResult();
        if (events != requests.Length)
        {
            throw new InvalidOperationException($"{what}: {requests.Length} requests verified and parsed to {events} events, not one each.");
        }
    }

    /// <summary>Throws unless a measured ingest applied every event and the store holds what it should.</summary>
    public static void CheckIngested(string what, int applied, InMemoryTicketStore store, int tickets, int messages)
    {
        if (applied != Batch || store.TicketCount != tickets || store.MessageCount != messages)
        {
            throw new InvalidOperationException(
                $"{what}: {applied} of {Batch} events applied, {store.TicketCount} tickets and {store.MessageCount} messages stored; expected {tickets} and {messages}.");
        }
    }
}
