using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;

namespace SocialCare.Storage.Sqlite;

/// <summary>
/// A durable <see cref="ICustomerDirectory"/> in the SQLite file: one customer per channel identity until identities
/// are linked, as the in-memory directory does, kept across restarts.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe. Registered by <c>UseSqlite</c> when the host has not registered a directory of its own (its CRM). A
/// known identity whose details did not change resolves with one read; anything else (a new identity, a changed name or
/// phone, a link) is written through the store's writer in one transaction, so that two callers, or two processes,
/// resolving the same new identity get the same customer.
/// </para>
/// <para>
/// An identity not seen before but carrying the phone number of a known identity on the same channel account (a
/// WhatsApp customer first known by phone, now also by business-scoped id) belongs to that identity's customer, the
/// first such customer created.
/// </para>
/// </remarks>
public sealed class SqliteCustomerDirectory : ICustomerDirectory, IAsyncDisposable, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly bool _ownsDatabase;

    /// <summary>Initializes a new instance of the <see cref="SqliteCustomerDirectory"/> class over its own connections to a file.</summary>
    /// <param name="options">The file and the settings; copied, so later changes have no effect.</param>
    /// <param name="time">The clock that orders new customer ids.</param>
    /// <param name="loggerFactory">Where to log; optional.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="time"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    /// <remarks>Nothing is opened until the first call. Dispose the directory to close the file.</remarks>
    public SqliteCustomerDirectory(SqliteStoreOptions options, TimeProvider time, ILoggerFactory? loggerFactory = null)
        : this(new SqliteDatabase(options, loggerFactory), time, ownsDatabase: true)
    {
    }

    internal SqliteCustomerDirectory(SqliteDatabase database, TimeProvider time, bool ownsDatabase)
    {
        ArgumentNullException.ThrowIfNull(time);
        _database = database;
        _time = time;
        _ownsDatabase = ownsDatabase;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="participant"/> is <see langword="null"/>.</exception>
    public async ValueTask<Customer> ResolveAsync(Participant participant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var customer = await FindAsync(participant, cancellationToken).ConfigureAwait(false);
        if (customer is not null && IsKnownAsIs(customer, participant))
        {
            return customer;
        }

        return await _database.WriteAsync(new CustomerResolve(participant, _time, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="identity"/> is <see langword="null"/>.</exception>
    public async ValueTask<Customer?> FindAsync(Participant identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var connection = await _database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var select = connection[CustomerSql.FindByIdentity];
        try
        {
            CustomerSql.BindIdentity(select, identity);
            return select.Step() ? _database.Customers.Read(select.GetInt64(1), select.GetBlob(0)) : null;
        }
        finally
        {
            select.Reset();
            _database.Return(connection);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<Customer?> GetAsync(CustomerId id, CancellationToken cancellationToken)
    {
        var connection = await _database.RentReaderAsync(cancellationToken).ConfigureAwait(false);
        var select = connection[CustomerSql.GetById];
        try
        {
            select.Bind(1, id.Value);
            return select.Step() ? _database.Customers.Read(select.GetInt64(0), select.GetBlob(1)) : null;
        }
        finally
        {
            select.Reset();
            _database.Return(connection);
        }
    }

    /// <inheritdoc/>
    /// <remarks>An identity that belonged to another customer moves: it is removed from that customer's identities.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="identity"/> is <see langword="null"/>.</exception>
    public async ValueTask<Customer> LinkAsync(CustomerId id, Participant identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return await _database.WriteAsync(new CustomerLink(id, identity, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the file, after the writes already queued are committed.</summary>
    /// <returns>A task that completes when the file is closed.</returns>
    /// <remarks>When the directory shares its file through <c>UseSqlite</c>, the service provider closes the file instead.</remarks>
    public ValueTask DisposeAsync() => _ownsDatabase ? _database.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>Closes the file synchronously, after the writes already queued are committed; prefer <see cref="DisposeAsync"/>.</summary>
    /// <remarks>When the file is shared through <c>UseSqlite</c>, the service provider closes it instead.</remarks>
    public void Dispose()
    {
        if (_ownsDatabase)
        {
            _database.Dispose();
        }
    }

    private static bool IsKnownAsIs(Customer customer, Participant participant)
    {
        foreach (var known in customer.Identities)
        {
            if (CustomerSql.SameIdentity(known, participant))
            {
                return known == participant;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="identity"/> is <see langword="null"/>.</exception>
    public async ValueTask<Customer> UnlinkAsync(CustomerId id, Participant identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return await _database.WriteAsync(new CustomerUnlink(id, identity, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="customer"/> is <see langword="null"/>.</exception>
    public async ValueTask<Customer> UpdateAsync(Customer customer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return await _database.WriteAsync(new CustomerUpdate(customer, cancellationToken), cancellationToken).ConfigureAwait(false);
    }
}
