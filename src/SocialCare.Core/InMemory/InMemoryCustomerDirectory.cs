using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>
/// A <see cref="ICustomerDirectory"/> in process memory: one customer per channel identity until identities are linked.
/// </summary>
/// <remarks>Thread-safe. For tests, samples and quick starts; hosts connect their CRM with their own directory.</remarks>
public sealed class InMemoryCustomerDirectory : ICustomerDirectory
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<(ChannelId, ChannelAccountId, NetworkUserId), CustomerId> _byIdentity = [];
    private readonly Dictionary<CustomerId, Customer> _customers = [];

    // Phone numbers (and user keys, which on WhatsApp are phone numbers) of every identity ever added, per channel account:
    // the first customer that held each. An entry may go stale when an identity moves; lookups check it.
    private readonly Dictionary<(ChannelId, ChannelAccountId, string), CustomerId> _byPhone = [];

    /// <summary>Initializes a new instance of the <see cref="InMemoryCustomerDirectory"/> class.</summary>
    /// <param name="time">The clock that orders new customer ids.</param>
    /// <exception cref="ArgumentNullException"><paramref name="time"/> is <see langword="null"/>.</exception>
    public InMemoryCustomerDirectory(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>Gets how many customers are known.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _customers.Count;
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// An identity not seen before but carrying the phone number of a known identity on the same channel account (a
    /// WhatsApp customer first known by phone, now also by business-scoped id) belongs to that identity's customer.
    /// </remarks>
    public ValueTask<Customer> ResolveAsync(Participant participant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var identity = (participant.Channel, participant.Account, participant.UserKey);
        lock (_gate)
        {
            if (_byIdentity.TryGetValue(identity, out var id) || TryFindByPhone(participant, out id))
            {
                _byIdentity[identity] = id;
                var customer = _customers[id];
                var known = customer.Identities.FirstOrDefault(p => SameIdentity(p, participant));
                if (known is null || known != participant)
                {
                    // The network told us something new (a changed name, a new phone): keep the latest.
                    customer = customer with
                    {
                        Identities = [.. customer.Identities.Where(p => !SameIdentity(p, participant)), participant],
                        DisplayName = customer.DisplayName ?? participant.DisplayName,
                    };
                    _customers[id] = customer;
                    IndexPhones(id, participant);
                }

                return ValueTask.FromResult(customer);
            }

            var created = new Customer(CustomerId.New(_time.GetUtcNow()), [participant]) { DisplayName = participant.DisplayName };
            _customers.Add(created.Id, created);
            _byIdentity.Add(identity, created.Id);
            IndexPhones(created.Id, participant);
            return ValueTask.FromResult(created);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="identity"/> is <see langword="null"/>.</exception>
    public ValueTask<Customer?> FindAsync(Participant identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        lock (_gate)
        {
            return ValueTask.FromResult(_byIdentity.TryGetValue((identity.Channel, identity.Account, identity.UserKey), out var id) ? _customers.GetValueOrDefault(id) : null);
        }
    }

    /// <inheritdoc/>
    public ValueTask<Customer?> GetAsync(CustomerId id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_customers.GetValueOrDefault(id));
        }
    }

    /// <summary>Adds an identity to a customer, so that messages from it resolve to that customer.</summary>
    /// <param name="id">The customer.</param>
    /// <param name="participant">The identity to link.</param>
    /// <returns>The customer with the identity added.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="participant"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyNotFoundException">There is no customer with that id.</exception>
    /// <exception cref="InvalidOperationException">The identity already belongs to another customer.</exception>
    public Customer Link(CustomerId id, Participant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var identity = (participant.Channel, participant.Account, participant.UserKey);
        lock (_gate)
        {
            var customer = _customers.TryGetValue(id, out var found) ? found : throw new KeyNotFoundException($"No customer {id}.");
            if (_byIdentity.TryGetValue(identity, out var owner) && owner != id)
            {
                throw new InvalidOperationException($"The identity already belongs to customer {owner}.");
            }

            _byIdentity[identity] = id;
            customer = customer with { Identities = [.. customer.Identities.Where(p => !SameIdentity(p, participant)), participant] };
            _customers[id] = customer;
            IndexPhones(id, participant);
            return customer;
        }
    }

    /// <inheritdoc/>
    /// <remarks>Unlike <see cref="Link"/>, an identity that belonged to another customer moves: the network said so.</remarks>
    public ValueTask<Customer> LinkAsync(CustomerId id, Participant identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var key = (identity.Channel, identity.Account, identity.UserKey);
        lock (_gate)
        {
            var customer = _customers.TryGetValue(id, out var found) ? found : throw new KeyNotFoundException($"No customer {id}.");
            if (_byIdentity.TryGetValue(key, out var owner) && owner != id && _customers.TryGetValue(owner, out var previous))
            {
                _customers[owner] = previous with { Identities = [.. previous.Identities.Where(p => !SameIdentity(p, identity))] };
            }

            _byIdentity[key] = id;
            customer = customer with { Identities = [.. customer.Identities.Where(p => !SameIdentity(p, identity)), identity] };
            _customers[id] = customer;
            IndexPhones(id, identity);
            return ValueTask.FromResult(customer);
        }
    }

    /// <summary>Replaces a customer's details (name, VIP flag, CRM id, language); the identities are kept as stored.</summary>
    /// <param name="customer">The customer's new details.</param>
    /// <exception cref="ArgumentNullException"><paramref name="customer"/> is <see langword="null"/>.</exception>
    /// <exception cref="KeyNotFoundException">There is no customer with that id.</exception>
    public void Update(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        lock (_gate)
        {
            var stored = _customers.TryGetValue(customer.Id, out var found) ? found : throw new KeyNotFoundException($"No customer {customer.Id}.");
            _customers[customer.Id] = customer with { Identities = stored.Identities };
        }
    }

    // Caller holds the lock. Every identity added is indexed, so a number not in the index belongs to nobody; an entry whose
    // customer no longer holds the number (the identity moved) falls back to a scan, which also mends the entry.
    private bool TryFindByPhone(Participant participant, out CustomerId id)
    {
        id = default;
        if (string.IsNullOrEmpty(participant.Phone))
        {
            return false;
        }

        var key = (participant.Channel, participant.Account, participant.Phone);
        if (!_byPhone.TryGetValue(key, out id))
        {
            return false;
        }

        if (HoldsPhone(_customers[id], key))
        {
            return true;
        }

        foreach (var customer in _customers.Values)
        {
            if (HoldsPhone(customer, key))
            {
                id = customer.Id;
                _byPhone[key] = id;
                return true;
            }
        }

        _byPhone.Remove(key);
        id = default;
        return false;
    }

    // Caller holds the lock.
    private void IndexPhones(CustomerId id, Participant identity)
    {
        Index((identity.Channel, identity.Account, identity.UserKey.Value));
        if (!string.IsNullOrEmpty(identity.Phone))
        {
            Index((identity.Channel, identity.Account, identity.Phone));
        }

        void Index((ChannelId, ChannelAccountId, string) key)
        {
            if (!_byPhone.TryGetValue(key, out var holder) || !_customers.TryGetValue(holder, out var customer) || !HoldsPhone(customer, key))
            {
                _byPhone[key] = id;
            }
        }
    }

    private static bool HoldsPhone(Customer customer, (ChannelId Channel, ChannelAccountId Account, string Phone) key)
        => customer.Identities.Any(p => p.Channel == key.Channel && p.Account == key.Account
            && (string.Equals(p.Phone, key.Phone, StringComparison.Ordinal) || string.Equals(p.UserKey.Value, key.Phone, StringComparison.Ordinal)));

    private static bool SameIdentity(Participant a, Participant b)
        => a.Channel == b.Channel && a.Account == b.Account && a.UserKey == b.UserKey;

    /// <inheritdoc />
    public ValueTask<Customer> UnlinkAsync(CustomerId id, Participant identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        cancellationToken.ThrowIfCancellationRequested();
        var key = (identity.Channel, identity.Account, identity.UserKey);
        lock (_gate)
        {
            var customer = _customers.TryGetValue(id, out var found) ? found : throw new KeyNotFoundException($"No customer {id}.");
            if (_byIdentity.TryGetValue(key, out var owner) && owner == id)
            {
                // The phone index mends itself: a number the customer no longer holds is looked up again (TryFindByPhone).
                _byIdentity.Remove(key);
            }

            if (customer.Identities.Any(p => SameIdentity(p, identity)))
            {
                customer = customer with { Identities = [.. customer.Identities.Where(p => !SameIdentity(p, identity))] };
                _customers[id] = customer;
            }

            return ValueTask.FromResult(customer);
        }
    }

    /// <inheritdoc />
    public ValueTask<Customer> UpdateAsync(Customer customer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customer);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var stored = _customers.TryGetValue(customer.Id, out var found) ? found : throw new KeyNotFoundException($"No customer {customer.Id}.");
            var updated = customer with { Identities = stored.Identities };
            _customers[customer.Id] = updated;
            return ValueTask.FromResult(updated);
        }
    }
}
