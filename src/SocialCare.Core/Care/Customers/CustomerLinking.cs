using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>The <see cref="ICustomerLinking"/> over the registered directory and link policy.</summary>
internal sealed class CustomerLinking(
    ICustomerDirectory directory,
    ICustomerLinkPolicy policy,
    TimeProvider time,
    ILogger<CustomerLinking>? logger = null) : ICustomerLinking
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger = logger ?? NullLogger<CustomerLinking>.Instance;

    public Task<CustomerLinkResult> LinkAsync(CustomerId customer, Participant identity, string actor, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return SerializedAsync(actor, reason, async () =>
        {
            var current = await directory.GetAsync(customer, cancellationToken).ConfigureAwait(false);
            if (Unusable(customer, current) is { } unusable)
            {
                return unusable;
            }

            if (current!.Identities.Any(p => Same(p, identity)))
            {
                return new CustomerLinkResult(current);
            }

            // An identity another customer holds moves: the policy is told whose it is, and both histories keep the move.
            var owner = await directory.FindAsync(identity, cancellationToken).ConfigureAwait(false);
            var previous = owner is not null && owner.Id != customer ? owner : null;
            var proposal = new CustomerLinkProposal(IdentityLinkAction.Linked, customer, actor, reason) { Identity = identity, OtherCustomer = previous?.Id };
            if (await RefusedAsync(proposal, current, cancellationToken).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }

            var now = time.GetUtcNow();
            var linked = await directory.LinkAsync(customer, identity, cancellationToken).ConfigureAwait(false);
            linked = await directory.UpdateAsync(
                Record(linked, new IdentityLinkRecord(IdentityLinkAction.Linked, now, actor, reason) { Identity = identity, OtherCustomer = previous?.Id }),
                cancellationToken).ConfigureAwait(false);
            if (previous is not null && await directory.GetAsync(previous.Id, cancellationToken).ConfigureAwait(false) is { } left)
            {
                var taken = previous.Identities.FirstOrDefault(p => Same(p, identity)) ?? identity;
                await directory.UpdateAsync(
                    Record(left, new IdentityLinkRecord(IdentityLinkAction.Unlinked, now, actor, reason) { Identity = taken, OtherCustomer = customer }),
                    cancellationToken).ConfigureAwait(false);
            }

            _logger.CustomerLinkChanged(IdentityLinkAction.Linked, customer);
            return new CustomerLinkResult(linked);
        }, cancellationToken);
    }

    public Task<CustomerLinkResult> UnlinkAsync(CustomerId customer, Participant identity, string actor, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return SerializedAsync(actor, reason, async () =>
        {
            var current = await directory.GetAsync(customer, cancellationToken).ConfigureAwait(false);
            if (Unusable(customer, current) is { } unusable)
            {
                return unusable;
            }

            var known = current!.Identities.FirstOrDefault(p => Same(p, identity));
            if (known is null)
            {
                return new CustomerLinkResult(current);
            }

            var proposal = new CustomerLinkProposal(IdentityLinkAction.Unlinked, customer, actor, reason) { Identity = known };
            if (await RefusedAsync(proposal, current, cancellationToken).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }

            var unlinked = await directory.UnlinkAsync(customer, known, cancellationToken).ConfigureAwait(false);
            unlinked = await directory.UpdateAsync(
                Record(unlinked, new IdentityLinkRecord(IdentityLinkAction.Unlinked, time.GetUtcNow(), actor, reason) { Identity = known }),
                cancellationToken).ConfigureAwait(false);
            _logger.CustomerLinkChanged(IdentityLinkAction.Unlinked, customer);
            return new CustomerLinkResult(unlinked);
        }, cancellationToken);
    }

    public Task<CustomerLinkResult> MergeAsync(CustomerId source, CustomerId target, string actor, string reason, CancellationToken cancellationToken = default)
    {
        return SerializedAsync(actor, reason, async () =>
        {
            var from = await directory.GetAsync(source, cancellationToken).ConfigureAwait(false);
            var to = await directory.GetAsync(target, cancellationToken).ConfigureAwait(false);
            if (from is null)
            {
                return new CustomerLinkResult(null, CustomerLinkError.NotFound, $"No customer {source}.");
            }

            if (Unusable(target, to) is { } unusable)
            {
                return unusable;
            }

            if (source == target || to!.MergedInto == source)
            {
                return new CustomerLinkResult(to, CustomerLinkError.SameCustomer, "A customer cannot be merged into itself.");
            }

            if (from.ErasedAt is not null || (from.MergedInto is { } elsewhere && elsewhere != target))
            {
                return new CustomerLinkResult(from, CustomerLinkError.Unavailable, from.ErasedAt is not null ? "The customer was erased." : $"The customer is merged into {from.MergedInto}.");
            }

            var resuming = from.MergedInto == target;
            if (!resuming)
            {
                var proposal = new CustomerLinkProposal(IdentityLinkAction.MergedInto, source, actor, reason) { OtherCustomer = target };
                if (await RefusedAsync(proposal, to, cancellationToken).ConfigureAwait(false) is { } refused)
                {
                    return refused;
                }
            }

            var now = time.GetUtcNow();
            var moving = from.Identities;
            if (!resuming)
            {
                // The source is marked first, with the identities it gives: an interrupted merge is completed by repeating it,
                // and undone from this record.
                from = await directory.UpdateAsync(
                    Record(from, new IdentityLinkRecord(IdentityLinkAction.MergedInto, now, actor, reason) { OtherCustomer = target, Identities = moving }) with { MergedInto = target },
                    cancellationToken).ConfigureAwait(false);
            }

            foreach (var identity in moving)
            {
                to = await directory.LinkAsync(target, identity, cancellationToken).ConfigureAwait(false);
            }

            if (!to.LinkHistory.Any(r => r.Action == IdentityLinkAction.MergedFrom && r.OtherCustomer == source && r.At >= LastMerge(from)))
            {
                var given = LastMergeRecord(from)?.Identities ?? moving;
                to = await directory.UpdateAsync(
                    Record(to, new IdentityLinkRecord(IdentityLinkAction.MergedFrom, now, actor, reason) { OtherCustomer = source, Identities = given }),
                    cancellationToken).ConfigureAwait(false);
            }

            _logger.CustomerLinkChanged(IdentityLinkAction.MergedInto, source);
            return new CustomerLinkResult(to);
        }, cancellationToken);
    }

    public Task<CustomerLinkResult> UndoMergeAsync(CustomerId source, string actor, string reason, CancellationToken cancellationToken = default)
    {
        return SerializedAsync(actor, reason, async () =>
        {
            var from = await directory.GetAsync(source, cancellationToken).ConfigureAwait(false);
            if (from is null)
            {
                return new CustomerLinkResult(null, CustomerLinkError.NotFound, $"No customer {source}.");
            }

            if (from.MergedInto is not { } target || LastMergeRecord(from) is not { } merge)
            {
                return new CustomerLinkResult(from, CustomerLinkError.NotMerged, "The customer is not merged.");
            }

            var proposal = new CustomerLinkProposal(IdentityLinkAction.MergeUndone, source, actor, reason) { OtherCustomer = target };
            if (await RefusedAsync(proposal, from, cancellationToken).ConfigureAwait(false) is { } refused)
            {
                return refused;
            }

            var now = time.GetUtcNow();
            var to = await directory.GetAsync(target, cancellationToken).ConfigureAwait(false);
            List<Participant> returned = [];
            foreach (var identity in merge.Identities)
            {
                // Only what the target still has goes back: an identity unlinked or moved since stays where people put it.
                if (to is not null && to.Identities.FirstOrDefault(p => Same(p, identity)) is { } held)
                {
                    from = await directory.LinkAsync(source, held, cancellationToken).ConfigureAwait(false);
                    returned.Add(held);
                }
            }

            from = await directory.UpdateAsync(
                Record(from, new IdentityLinkRecord(IdentityLinkAction.MergeUndone, now, actor, reason) { OtherCustomer = target, Identities = returned }) with { MergedInto = null },
                cancellationToken).ConfigureAwait(false);
            if (to is not null)
            {
                to = await directory.GetAsync(target, cancellationToken).ConfigureAwait(false);
                if (to is not null)
                {
                    await directory.UpdateAsync(
                        Record(to, new IdentityLinkRecord(IdentityLinkAction.MergeUndone, now, actor, reason) { OtherCustomer = source, Identities = returned }),
                        cancellationToken).ConfigureAwait(false);
                }
            }

            _logger.CustomerLinkChanged(IdentityLinkAction.MergeUndone, source);
            return new CustomerLinkResult(from);
        }, cancellationToken);
    }

    public async Task<Customer?> ResolveAsync(CustomerId customer, CancellationToken cancellationToken = default)
    {
        var current = await directory.GetAsync(customer, cancellationToken).ConfigureAwait(false);

        // Bounded, so that a cycle written by hand in a CRM cannot loop.
        for (var hops = 0; current?.MergedInto is { } next && hops < 16; hops++)
        {
            current = await directory.GetAsync(next, cancellationToken).ConfigureAwait(false) ?? current;
            if (current.Id != next)
            {
                break;
            }
        }

        return current;
    }

    // Checks the arguments at once, then runs one change at a time: each reads, decides and writes several records.
    private async Task<CustomerLinkResult> SerializedAsync(string actor, string reason, Func<Task<CustomerLinkResult>> change, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentNullException.ThrowIfNull(reason);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await change().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static CustomerLinkResult? Unusable(CustomerId id, Customer? customer) => customer switch
    {
        null => new CustomerLinkResult(null, CustomerLinkError.NotFound, $"No customer {id}."),
        { ErasedAt: not null } => new CustomerLinkResult(customer, CustomerLinkError.Unavailable, "The customer was erased."),
        { MergedInto: { } into } => new CustomerLinkResult(customer, CustomerLinkError.Unavailable, $"The customer is merged into {into}; change that customer instead."),
        _ => null,
    };

    private async Task<CustomerLinkResult?> RefusedAsync(CustomerLinkProposal proposal, Customer customer, CancellationToken cancellationToken)
    {
        var decision = await policy.DecideAsync(proposal, cancellationToken).ConfigureAwait(false);
        if (decision.Approved)
        {
            return null;
        }

        _logger.CustomerLinkRefused(proposal.Kind, proposal.Customer);
        return new CustomerLinkResult(customer, CustomerLinkError.Refused, decision.Reason ?? "The customer directory refused the change.");
    }

    private static Customer Record(Customer customer, IdentityLinkRecord record)
        => customer with { LinkHistory = [.. customer.LinkHistory, record] };

    private static IdentityLinkRecord? LastMergeRecord(Customer customer)
        => customer.LinkHistory.LastOrDefault(r => r.Action == IdentityLinkAction.MergedInto);

    private static DateTimeOffset LastMerge(Customer customer) => LastMergeRecord(customer)?.At ?? DateTimeOffset.MinValue;

    private static bool Same(Participant a, Participant b)
        => a.Channel == b.Channel && a.Account == b.Account && a.UserKey == b.UserKey;
}
