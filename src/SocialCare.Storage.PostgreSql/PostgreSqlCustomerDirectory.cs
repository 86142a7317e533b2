using Microsoft.Extensions.Logging;
using Npgsql;
using SocialCare.Abstractions;
using static SocialCare.Storage.PostgreSql.Db;

namespace SocialCare.Storage.PostgreSql;

/// <summary>
/// A <see cref="ICustomerDirectory"/> in PostgreSQL, shared by every instance of an app: one customer per channel
/// identity until identities are linked, as the in-memory directory does, but durable and the same on every instance.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe; one instance per app instance. <c>UsePostgreSql</c> registers it only when the customer directory is
/// still SocialCare's in-memory default: a host's own (CRM) directory wins.
/// </para>
/// <para>
/// Identities are rows with a unique key (channel, account, user key). A new identity is inserted with
/// <c>ON CONFLICT DO NOTHING</c> together with its new customer, in one statement, then read back: two instances that
/// resolve the same new identity at once end with one customer. An identity not seen before but carrying the phone
/// number of a known identity on the same channel account belongs to that identity's customer; the latest name, handle
/// and phone the network gave are kept. Customers' documents are changed under a row lock.
/// </para>
/// </remarks>
public sealed class PostgreSqlCustomerDirectory : ICustomerDirectory, IAsyncDisposable, IDisposable
{
    // A lost race (the identity was inserted by another instance meanwhile) is settled by reading again; bounded anyway.
    private const int MaxRaces = 16;

    private readonly PostgreSqlDatabase _db;
    private readonly bool _ownsDatabase;
    private readonly StoreSql _sql;
    private readonly TimeProvider _time;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlCustomerDirectory"/> class with its own connection pool.</summary>
    /// <param name="options">The connection string and schema.</param>
    /// <param name="time">The clock that orders new customer ids; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where to log; optional.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">An option is invalid; the message names it.</exception>
    public PostgreSqlCustomerDirectory(PostgreSqlStoreOptions options, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
        : this(new PostgreSqlDatabase(options, loggerFactory), ownsDatabase: true, time ?? TimeProvider.System)
    {
    }

    internal PostgreSqlCustomerDirectory(PostgreSqlDatabase database, bool ownsDatabase, TimeProvider time)
    {
        _db = database;
        _ownsDatabase = ownsDatabase;
        _time = time;
        _sql = new StoreSql(database.QuotedSchema);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="participant"/> is <see langword="null"/>.</exception>
    public async ValueTask<Customer> ResolveAsync(Participant participant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        for (var race = 0; ; race++)
        {
            var result = await _db.RunAsync(
                "customer resolution",
                (Directory: this, Participant: participant),
                static (s, dataSource, ct) => s.Directory.ResolveOnceAsync(dataSource, s.Participant, ct),
                cancellationToken).ConfigureAwait(false);
            if (result is not null)
            {
                return result;
            }

            if (race >= MaxRaces)
            {
                throw new InvalidOperationException("The identity kept changing while it was resolved; try again.");
            }
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="identity"/> is <see langword="null"/>.</exception>
    public ValueTask<Customer?> FindAsync(Participant identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new ValueTask<Customer?>(_db.RunAsync(
            "customer lookup",
            (Sql: _sql.ResolveIdentity, Identity: identity),
            static async (s, dataSource, ct) =>
            {
                using var command = Command(dataSource, s.Sql, IdentityKey(s.Identity));
                return await ReadOneAsync<Customer>(command, ct).ConfigureAwait(false);
            },
            cancellationToken));
    }

    /// <inheritdoc/>
    public ValueTask<Customer?> GetAsync(CustomerId id, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new ValueTask<Customer?>(_db.RunAsync(
            "customer read",
            (Sql: _sql.GetCustomer, Id: id.Value),
            static async (s, dataSource, ct) =>
            {
                using var command = Command(dataSource, s.Sql, Text(s.Id));
                return await ReadOneAsync<Customer>(command, ct).ConfigureAwait(false);
            },
            cancellationToken));
    }

    /// <inheritdoc/>
    /// <remarks>An identity that belonged to another customer moves: it is removed from that customer's identities.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="identity"/> is <see langword="null"/>.</exception>
    public ValueTask<Customer> LinkAsync(CustomerId id, Participant identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new ValueTask<Customer>(_db.RunAsync(
            "identity link",
            (Directory: this, Id: id, Identity: identity),
            static (s, dataSource, ct) => s.Directory.LinkOnceAsync(dataSource, s.Id, s.Identity, ct),
            cancellationToken));
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="identity"/> is <see langword="null"/>.</exception>
    public ValueTask<Customer> UnlinkAsync(CustomerId id, Participant identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new ValueTask<Customer>(_db.RunAsync(
            "identity unlink",
            (Directory: this, Id: id, Identity: identity),
            static (s, dataSource, ct) => s.Directory.UnlinkOnceAsync(dataSource, s.Id, s.Identity, ct),
            cancellationToken));
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="customer"/> is <see langword="null"/>.</exception>
    public ValueTask<Customer> UpdateAsync(Customer customer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return new ValueTask<Customer>(_db.RunAsync(
            "customer update",
            (Directory: this, Customer: customer),
            static (s, dataSource, ct) => s.Directory.UpdateOnceAsync(dataSource, s.Customer, ct),
            cancellationToken));
    }

    /// <summary>Closes the connection pool when the directory owns it.</summary>
    /// <returns>A task that completes when the directory is closed.</returns>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || !_ownsDatabase)
        {
            return ValueTask.CompletedTask;
        }

        return _db.DisposeAsync();
    }

    /// <summary>Closes the connection pool when the directory owns it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsDatabase)
        {
            _db.Dispose();
        }
    }

    /// <summary>One try; <see langword="null"/> when another instance changed the identity meanwhile (read again).</summary>
    private async Task<Customer?> ResolveOnceAsync(NpgsqlDataSource dataSource, Participant participant, CancellationToken cancellationToken)
    {
        // The common case, one read: a known identity that the network tells nothing new about.
        Customer? known;
        using (var read = Command(dataSource, _sql.ResolveIdentity, IdentityKey(participant)))
        {
            known = await ReadOneAsync<Customer>(read, cancellationToken).ConfigureAwait(false);
        }

        if (known is not null)
        {
            var stored = known.Identities.FirstOrDefault(p => SameIdentity(p, participant));
            return stored is not null && stored == participant
                ? known
                : await RecordNewsAsync(dataSource, participant, cancellationToken).ConfigureAwait(false);
        }

        if (!string.IsNullOrEmpty(participant.Phone))
        {
            string? owner;
            using (var byPhone = Command(
                dataSource,
                _sql.FindByPhone,
                Text(participant.Channel.Value),
                Text(participant.Account.Value),
                Text(participant.Phone)))
            {
                owner = await byPhone.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
            }

            if (owner is not null)
            {
                return await AddToCustomerAsync(dataSource, owner, participant, cancellationToken).ConfigureAwait(false);
            }
        }

        var created = new Customer(CustomerId.New(_time.GetUtcNow()), [participant]) { DisplayName = participant.DisplayName };
        using var create = Command(
            dataSource,
            _sql.CreateCustomer,
            [.. IdentityKey(participant), Text(created.Id.Value), NullableText(participant.Phone), Bytea(SocialCareJson.SerializeToUtf8Bytes(created))]);

        // Nothing inserted: another instance created the identity first; its customer is read on the next try.
        return await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? created : null;
    }

    /// <summary>Keeps what the network told about a known identity (a new name or phone), under the customer's row lock.</summary>
    private async Task<Customer?> RecordNewsAsync(NpgsqlDataSource dataSource, Participant participant, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            Customer? customer;
            using (var locked = Command(connection, _sql.LockIdentity, IdentityKey(participant)))
            {
                locked.Transaction = transaction;
                var reader = await locked.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    customer = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read<Customer>(reader, 1) : null;
                }
            }

            if (customer is null)
            {
                return null;
            }

            var stored = customer.Identities.FirstOrDefault(p => SameIdentity(p, participant));
            if (stored is null || stored != participant)
            {
                // The network told us something new (a changed name, a new phone): keep the latest.
                customer = customer with
                {
                    Identities = [.. customer.Identities.Where(p => !SameIdentity(p, participant)), participant],
                    DisplayName = customer.DisplayName ?? participant.DisplayName,
                };
                using var batch = new NpgsqlBatch(connection, transaction);
                batch.BatchCommands.Add(BatchCommand(_sql.UpdateCustomer, Text(customer.Id.Value), Bytea(SocialCareJson.SerializeToUtf8Bytes(customer))));
                batch.BatchCommands.Add(BatchCommand(_sql.UpdateIdentity, [.. IdentityKey(participant), NullableText(participant.Phone)]));
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return customer;
        }
    }

    /// <summary>Adds a new identity to the customer whose identity has its phone number.</summary>
    private async Task<Customer?> AddToCustomerAsync(NpgsqlDataSource dataSource, string owner, Participant participant, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            Customer? customer;
            using (var locked = Command(connection, _sql.LockCustomer, Text(owner)))
            {
                locked.Transaction = transaction;
                customer = await ReadOneAsync<Customer>(locked, cancellationToken).ConfigureAwait(false);
            }

            if (customer is null)
            {
                return null;
            }

            customer = customer with
            {
                Identities = [.. customer.Identities.Where(p => !SameIdentity(p, participant)), participant],
                DisplayName = customer.DisplayName ?? participant.DisplayName,
            };
            int added;
            using (var add = Command(
                connection,
                _sql.AddIdentity,
                [.. IdentityKey(participant), Text(customer.Id.Value), NullableText(participant.Phone), Bytea(SocialCareJson.SerializeToUtf8Bytes(customer))]))
            {
                add.Transaction = transaction;
                added = await add.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (added != 1)
            {
                // Another instance recorded the identity first: nothing changed here; read it on the next try.
                return null;
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return customer;
        }
    }

    private async Task<Customer> LinkOnceAsync(NpgsqlDataSource dataSource, CustomerId id, Participant identity, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            Customer? customer;
            using (var locked = Command(connection, _sql.LockCustomer, Text(id.Value)))
            {
                locked.Transaction = transaction;
                customer = await ReadOneAsync<Customer>(locked, cancellationToken).ConfigureAwait(false);
            }

            if (customer is null)
            {
                throw new KeyNotFoundException($"No customer {id}.");
            }

            string? owner;
            using (var ownerCommand = Command(connection, _sql.IdentityOwner, IdentityKey(identity)))
            {
                ownerCommand.Transaction = transaction;
                owner = await ownerCommand.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
            }

            using var batch = new NpgsqlBatch(connection, transaction);
            if (owner is not null && owner != id.Value)
            {
                Customer? previous;
                using (var lockOwner = Command(connection, _sql.LockCustomer, Text(owner)))
                {
                    lockOwner.Transaction = transaction;
                    previous = await ReadOneAsync<Customer>(lockOwner, cancellationToken).ConfigureAwait(false);
                }

                if (previous is not null)
                {
                    previous = previous with { Identities = [.. previous.Identities.Where(p => !SameIdentity(p, identity))] };
                    batch.BatchCommands.Add(BatchCommand(_sql.UpdateCustomer, Text(previous.Id.Value), Bytea(SocialCareJson.SerializeToUtf8Bytes(previous))));
                }
            }

            customer = customer with { Identities = [.. customer.Identities.Where(p => !SameIdentity(p, identity)), identity] };
            batch.BatchCommands.Add(BatchCommand(_sql.LinkIdentity, [.. IdentityKey(identity), Text(id.Value), NullableText(identity.Phone)]));
            batch.BatchCommands.Add(BatchCommand(_sql.UpdateCustomer, Text(id.Value), Bytea(SocialCareJson.SerializeToUtf8Bytes(customer))));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return customer;
        }
    }

    private static NpgsqlParameter[] IdentityKey(Participant participant)
        => [Text(participant.Channel.Value), Text(participant.Account.Value), Text(participant.UserKey.Value)];

    private static bool SameIdentity(Participant a, Participant b)
        => a.Channel == b.Channel && a.Account == b.Account && a.UserKey == b.UserKey;

    private async Task<Customer> UnlinkOnceAsync(NpgsqlDataSource dataSource, CustomerId id, Participant identity, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var customer = await LockAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
            if (!customer.Identities.Any(p => SameIdentity(p, identity)))
            {
                return customer;
            }

            customer = customer with { Identities = [.. customer.Identities.Where(p => !SameIdentity(p, identity))] };
            using var batch = new NpgsqlBatch(connection, transaction);
            batch.BatchCommands.Add(BatchCommand(_sql.UnlinkIdentity, [.. IdentityKey(identity), Text(id.Value)]));
            batch.BatchCommands.Add(BatchCommand(_sql.UpdateCustomer, Text(id.Value), Bytea(SocialCareJson.SerializeToUtf8Bytes(customer))));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return customer;
        }
    }

    private async Task<Customer> UpdateOnceAsync(NpgsqlDataSource dataSource, Customer update, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var stored = await LockAsync(connection, transaction, update.Id, cancellationToken).ConfigureAwait(false);
            var customer = update with { Identities = stored.Identities };
            using (var save = Command(connection, _sql.UpdateCustomer, Text(customer.Id.Value), Bytea(SocialCareJson.SerializeToUtf8Bytes(customer))))
            {
                save.Transaction = transaction;
                await save.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return customer;
        }
    }

    private async Task<Customer> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CustomerId id, CancellationToken cancellationToken)
    {
        using var locked = Command(connection, _sql.LockCustomer, Text(id.Value));
        locked.Transaction = transaction;
        return await ReadOneAsync<Customer>(locked, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"No customer {id}.");
    }
}
