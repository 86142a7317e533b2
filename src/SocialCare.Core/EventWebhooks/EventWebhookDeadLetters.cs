using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>The dead letters of event webhooks: deliveries given up after <see cref="EventWebhookOptions.RetryFor"/>, listed and replayed.</summary>
/// <remarks>Registered by <c>AddEventWebhooks</c>; a singleton, thread-safe. Back an operator's screen or an admin endpoint with it.</remarks>
public interface IEventWebhookDeadLetters
{
    /// <summary>Lists dead letters, oldest first, one page at a time.</summary>
    /// <param name="endpoint">The endpoint to list, or <see langword="null"/> for all.</param>
    /// <param name="after">The <see cref="EventDelivery.Sequence"/> of the last letter of the previous page, or <see langword="null"/> for the first page.</param>
    /// <param name="limit">The largest number to return.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The dead letters.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1.</exception>
    Task<IReadOnlyList<EventDelivery>> ListAsync(string? endpoint, long? after, int limit, CancellationToken cancellationToken);

    /// <summary>Queues a dead letter again, due at once; it goes out before its ticket's later events to the same endpoint.</summary>
    /// <param name="id">The delivery's id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when it was queued; <see langword="false"/> when there is no dead letter with that id.</returns>
    Task<bool> ReplayAsync(string id, CancellationToken cancellationToken);

    /// <summary>Queues every dead letter of an endpoint (or of all endpoints) again.</summary>
    /// <param name="endpoint">The endpoint, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many were queued.</returns>
    Task<int> ReplayAllAsync(string? endpoint, CancellationToken cancellationToken);
}

/// <summary>The store-backed <see cref="IEventWebhookDeadLetters"/>.</summary>
internal sealed class EventWebhookDeadLetters(ITicketStore store, EventWebhookQueue planner, TimeProvider time, ILoggerFactory? loggerFactory = null) : IEventWebhookDeadLetters
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<EventWebhookDeadLetters>();

    private IEventDeliveryStore Queue => store as IEventDeliveryStore
        ?? throw new InvalidOperationException($"{store.GetType().Name} does not keep event deliveries.");

    public Task<IReadOnlyList<EventDelivery>> ListAsync(string? endpoint, long? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Queue.ListEventDeliveriesAsync(new EventDeliveryQuery(EventDeliveryState.Dead) { Endpoint = endpoint, After = after, Limit = limit }, cancellationToken);
    }

    public async Task<bool> ReplayAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var letter = await Queue.GetEventDeliveryAsync(id, cancellationToken).ConfigureAwait(false);
        if (letter is not { State: EventDeliveryState.Dead } || !await Queue.ReplayEventDeliveryAsync(id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        _logger.EventWebhookReplayed(id, letter.Endpoint);
        planner.Signal.Notify();
        return true;
    }

    public async Task<int> ReplayAllAsync(string? endpoint, CancellationToken cancellationToken)
    {
        var replayed = 0;
        long? after = null;
        while (true)
        {
            var page = await ListAsync(endpoint, after, 100, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                return replayed;
            }

            foreach (var letter in page)
            {
                if (await Queue.ReplayEventDeliveryAsync(letter.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
                {
                    _logger.EventWebhookReplayed(letter.Id, letter.Endpoint);
                    replayed++;
                }
            }

            after = page[^1].Sequence;
            planner.Signal.Notify();
        }
    }
}
