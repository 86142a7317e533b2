using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>The <see cref="ICustomerPrivacy"/> over the registered store and customer directory.</summary>
internal sealed class CustomerPrivacy(
    ITicketStore store,
    ICustomerDirectory directory,
    IOptions<SocialCareOptions> options,
    TimeProvider time,
    ILogger<CustomerPrivacy>? logger = null) : ICustomerPrivacy
{
    private const int Page = 200;

    private readonly PrivacyOptions _options = options.Value.Privacy;
    private readonly ILogger _logger = logger ?? NullLogger<CustomerPrivacy>.Instance;

    public async Task<CustomerExport?> ExportAsync(CustomerId customer, CancellationToken cancellationToken = default)
    {
        var record = await directory.GetAsync(customer, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        var merged = await MergedIntoAsync(record, cancellationToken).ConfigureAwait(false);
        List<TicketExport> tickets = [];
        foreach (var id in merged.Select(c => c.Id).Prepend(customer))
        {
            await foreach (var ticket in TicketsOfAsync(id, cancellationToken).ConfigureAwait(false))
            {
                var messages = await store.GetMessagesAsync(ticket.Id, cancellationToken).ConfigureAwait(false);
                var history = await store.GetHistoryAsync(ticket.Id, cancellationToken).ConfigureAwait(false);
                tickets.Add(new TicketExport(ticket, messages, history));
            }
        }

        tickets.Sort(static (a, b) => string.CompareOrdinal(a.Ticket.Id.Value, b.Ticket.Id.Value));
        _logger.CustomerExported(customer, tickets.Count);
        return new CustomerExport(time.GetUtcNow(), record, merged, tickets);
    }

    public async Task<CustomerErasureResult?> EraseAsync(CustomerId customer, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var record = await directory.GetAsync(customer, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var merged = await MergedIntoAsync(record, cancellationToken).ConfigureAwait(false);
        int tickets = 0, messages = 0, identities = 0;
        Customer erased = record;
        foreach (var person in merged.Prepend(record))
        {
            // The store first: if the directory step fails, repeating the erasure finishes it (both are idempotent).
            var count = await store.EraseCustomerAsync(person.Id, now, cancellationToken).ConfigureAwait(false);
            tickets += count.Tickets;
            messages += count.Messages;
            var current = person;
            foreach (var identity in person.Identities)
            {
                current = await directory.UnlinkAsync(person.Id, identity, cancellationToken).ConfigureAwait(false);
                identities++;
            }

            current = await directory.UpdateAsync(Anonymise(current, now), cancellationToken).ConfigureAwait(false);
            if (person.Id == customer)
            {
                erased = current;
            }
        }

        _logger.CustomerErased(customer, actor, merged.Count + 1, tickets, messages);
        return new CustomerErasureResult(erased, merged.Count + 1, tickets, messages, identities);
    }

    public async Task<int> ApplyRetentionAsync(CancellationToken cancellationToken = default)
    {
        if (_options.RetainContentFor is not { } keep)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var before = now - keep;
        var batch = _options.RetentionBatchSize;
        var total = 0;
        int redacted;
        do
        {
            redacted = await store.RedactMessagesBeforeAsync(before, now, batch, cancellationToken).ConfigureAwait(false);
            total += redacted;
        }
        while (redacted >= batch);

        if (total > 0)
        {
            _logger.RetentionApplied(total, before);
        }

        return total;
    }

    private static Customer Anonymise(Customer customer, DateTimeOffset now) => customer with
    {
        DisplayName = null,
        ExternalId = null,
        IsVip = false,
        ErasedAt = customer.ErasedAt ?? now,

        // The history keeps who changed what and when; the identities it named go.
        LinkHistory = [.. customer.LinkHistory.Select(r => r with { Identity = null, Identities = [] })],
    };

    private async Task<List<Customer>> MergedIntoAsync(Customer customer, CancellationToken cancellationToken)
    {
        List<Customer> merged = [];
        HashSet<CustomerId> seen = [customer.Id];
        Queue<Customer> pending = new([customer]);
        while (pending.TryDequeue(out var next))
        {
            foreach (var record in next.LinkHistory)
            {
                if (record is { Action: IdentityLinkAction.MergedFrom, OtherCustomer: { } other } && seen.Add(other)
                    && await directory.GetAsync(other, cancellationToken).ConfigureAwait(false) is { } source
                    && source.MergedInto == next.Id)
                {
                    merged.Add(source);
                    pending.Enqueue(source);
                }
            }
        }

        return merged;
    }

    private async IAsyncEnumerable<Ticket> TicketsOfAsync(CustomerId customer, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        TicketId? after = null;
        while (true)
        {
            var page = await store.QueryTicketsAsync(new TicketQuery { Customer = customer, After = after, Limit = Page }, cancellationToken).ConfigureAwait(false);
            foreach (var ticket in page)
            {
                yield return ticket;
            }

            if (page.Count < Page)
            {
                yield break;
            }

            after = page[^1].Id;
        }
    }
}
