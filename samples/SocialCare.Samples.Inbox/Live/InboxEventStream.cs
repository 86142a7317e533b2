using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Samples.Inbox.Api;

namespace SocialCare.Samples.Inbox.Live;

/// <summary>
/// Hears every ticket event after it is stored (an <see cref="ITicketEventSink"/>) and pushes it to the pages that are
/// open, over Server-Sent Events on <c>GET /api/events</c>, so the inbox updates without a reload.
/// </summary>
/// <remarks>
/// Registered as a singleton; thread-safe. Each page gets a bounded queue: a page that does not keep up loses its oldest
/// events, which costs it nothing, since each event only tells the page what to read again.
/// </remarks>
public sealed class InboxEventStream : ITicketEventSink
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private readonly ConcurrentDictionary<Guid, Channel<LiveEvent>> _subscribers = new();

    /// <summary>Gets how many pages are listening.</summary>
    public int SubscriberCount => _subscribers.Count;

    /// <inheritdoc/>
    public Task PublishAsync(TicketEvent ticketEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticketEvent);
        if (_subscribers.IsEmpty)
        {
            // No page is open: nothing to build (this runs for every stored event, on the webhook's path).
            return Task.CompletedTask;
        }

        var message = ticketEvent switch
        {
            MessageAppended e => e.Message,
            MessageUpdated e => e.Message,
            ReplyFailed e => e.Message,
            _ => null,
        };
        var live = new LiveEvent(
            EventWebhookTypes.Of(ticketEvent),
            ticketEvent.TicketId.Value,
            ticketEvent.OccurredAt,
            message?.Id.Value,
            message?.Status);
        // Enumerating the dictionary itself takes no lock; its Values property takes all of them and copies, which
        // made concurrent webhooks queue behind each other here (seen in the load tool's profile; issue 9).
        foreach (var subscriber in _subscribers)
        {
            subscriber.Value.Writer.TryWrite(live);
        }

        return Task.CompletedTask;
    }

    /// <summary>Streams events to one page until it goes away.</summary>
    /// <param name="context">The page's request.</param>
    /// <param name="stopping">Cancelled when the app stops, so that open streams do not hold up its shutdown.</param>
    /// <returns>A task that completes when the page disconnects or the app stops.</returns>
    public async Task StreamAsync(HttpContext context, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = Guid.NewGuid();
        var queue = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _subscribers[id] = queue;
        using var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var cancellationToken = both.Token;
        try
        {
            context.Response.Headers.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers["X-Accel-Buffering"] = "no";
            await context.Response.WriteAsync(": connected\n\n", cancellationToken).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(KeepAlive);
                LiveEvent? next = null;
                try
                {
                    next = await queue.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // Nothing happened for a while: a comment keeps proxies from closing the connection.
                }

                var text = next is null
                    ? ": keep-alive\n\n"
                    : $"event: ticket\ndata: {JsonSerializer.Serialize(next, InboxJsonContext.Default.LiveEvent)}\n\n";
                await context.Response.WriteAsync(text, cancellationToken).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page went away.
        }
        finally
        {
            _subscribers.TryRemove(id, out _);
        }
    }
}
