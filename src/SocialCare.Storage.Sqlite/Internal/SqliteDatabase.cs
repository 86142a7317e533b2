using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SocialCare.Abstractions;

namespace SocialCare.Storage.Sqlite;

/// <summary>
/// One SQLite file as the stores use it: the writer (one connection, group commit), the pool of read connections, and
/// the schema, opened and migrated once, at start-up or on first use.
/// </summary>
/// <remarks>
/// Thread-safe. Shared by the ticket store and the customer directory when they are built through
/// <c>UseSqlite</c>; a store built with its public constructor has its own. Two instances over the same file (two
/// processes) stay correct: each write transaction begins with <c>BEGIN IMMEDIATE</c> and waits for the other's lock up
/// to the busy timeout.
/// </remarks>
internal sealed class SqliteDatabase : IAsyncDisposable, IDisposable
{
    private readonly SqliteStoreOptions _options;
    private readonly ILogger _logger;
    private readonly string _connectionString;
    private readonly string _file;
    private readonly Lock _gate = new();
    private Task? _opening;
    private SqliteWriter? _writer;
    private ReadPool? _readers;
    private volatile bool _ready;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="SqliteDatabase"/> class; nothing is opened yet.</summary>
    /// <exception cref="ArgumentException">The connection string is not a usable SQLite file connection string.</exception>
    public SqliteDatabase(SqliteStoreOptions options, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = SqliteStoreOptionsValidator.Check(options);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        // A copy: later changes to the caller's options object must not reach a running store.
        _options = new SqliteStoreOptions
        {
            ConnectionString = options.ConnectionString,
            GroupCommit = options.GroupCommit,
            MaxBatchSize = options.MaxBatchSize,
            Synchronous = options.Synchronous,
            BusyTimeout = options.BusyTimeout,
            ReadConnections = options.ReadConnections,
        };
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("SocialCare.Storage.Sqlite");

        // This class keeps its connections open for its lifetime, with prepared statements: the provider's pool would
        // only keep closed ones.
        var builder = new SqliteConnectionStringBuilder(options.ConnectionString) { Pooling = false };
        _connectionString = builder.ConnectionString;
        _file = Path.GetFileName(builder.DataSource);
    }

    /// <summary>Gets the decoded tickets, shared by every reader of the file in this process.</summary>
    public DocumentCache<Ticket> Tickets { get; } = new(Documents.Ticket);

    /// <summary>Gets the decoded customers, shared by every reader of the file in this process.</summary>
    public DocumentCache<Customer> Customers { get; } = new(Documents.Customer);

    /// <summary>Gets how many write transactions committed (a group commit counts once).</summary>
    public long TransactionCount => _writer?.TransactionCount ?? 0;

    /// <summary>Gets how many write operations ran.</summary>
    public long OperationCount => _writer?.OperationCount ?? 0;

    /// <summary>Opens the file and brings its schema up to date, once; later calls return at once.</summary>
    /// <exception cref="InvalidOperationException">The file has a newer schema than this code knows, or cannot be put in WAL mode.</exception>
    /// <exception cref="SqliteException">The file cannot be opened or read.</exception>
    public Task OpenAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return Task.CompletedTask;
        }

        Task opening;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            // A failed attempt is not kept: the next caller tries again (the directory may exist by then).
            if (_opening is null || _opening.IsFaulted || _opening.IsCanceled)
            {
                _opening = Task.Run(Open, CancellationToken.None);
            }

            opening = _opening;
        }

        return opening.WaitAsync(cancellationToken);
    }

    /// <summary>Queues a write; it runs in the writer's next transaction.</summary>
    public Task<T> WriteAsync<T>(WriteOperation<T> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _ready ? _writer!.Enqueue(operation) : WriteAfterOpenAsync(operation, cancellationToken);
    }

    /// <summary>Rents a read connection; give it back with <see cref="Return"/>.</summary>
    public ValueTask<SqliteDbConnection> RentReaderAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _ready ? _readers!.RentAsync(cancellationToken) : RentAfterOpenAsync(cancellationToken);
    }

    public void Return(SqliteDbConnection connection) => _readers!.Return(connection);

    public async ValueTask DisposeAsync()
    {
        Task? opening;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            opening = _opening;
        }

        if (opening is not null)
        {
            try
            {
                await opening.ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is SqliteException or InvalidOperationException)
            {
                // It never opened: nothing to close.
            }
        }

        if (_writer is { } writer)
        {
            await writer.StopAsync().ConfigureAwait(false);
            _logger.Closed(_file, writer.TransactionCount);
        }

        _readers?.Dispose();
    }

    /// <summary>Closes the file synchronously, after the queued writes commit (for hosts that dispose their provider synchronously).</summary>
    public void Dispose()
    {
        Task? opening;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            opening = _opening;
        }

        if (opening is { IsCompleted: false })
        {
            // Still opening: close once it is open, rather than block on it.
            _ = opening.ContinueWith(static (_, state) => ((SqliteDatabase)state!).Close(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return;
        }

        Close();
    }

    private void Close()
    {
        if (_writer is { } writer)
        {
            writer.Stop();
            _logger.Closed(_file, writer.TransactionCount);
        }

        _readers?.Dispose();
    }

    private async Task<T> WriteAfterOpenAsync<T>(WriteOperation<T> operation, CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await _writer!.Enqueue(operation).ConfigureAwait(false);
    }

    private async ValueTask<SqliteDbConnection> RentAfterOpenAsync(CancellationToken cancellationToken)
    {
        await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await _readers!.RentAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Open()
    {
        SqliteDbConnection? connection = null;
        try
        {
            connection = SqliteDbConnection.Open(_connectionString, _options, writer: true);
            var from = SqliteSchema.Migrate(connection.Handle);
            if (from < SqliteSchema.CurrentVersion)
            {
                _logger.Migrated(_file, from, SqliteSchema.CurrentVersion);
            }

            var readers = new ReadPool(_options.ReadConnections, () => SqliteDbConnection.Open(_connectionString, _options, writer: false));
            var writer = new SqliteWriter(connection, _options, _logger);
            writer.Start();
            connection = null;
            _readers = readers;
            _writer = writer;
            _ready = true;
            _logger.Opened(_file, SqliteSchema.CurrentVersion, _options.Synchronous, _options.GroupCommit);
        }
        catch (Exception exception)
        {
            _logger.OpenFailed(_file, exception);
            throw;
        }
        finally
        {
            connection?.Dispose();
        }
    }
}
