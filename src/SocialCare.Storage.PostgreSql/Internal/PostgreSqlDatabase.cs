using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace SocialCare.Storage.PostgreSql;

/// <summary>
/// One database and schema: the Npgsql data source (its connection pool), the schema migrations, and the retry of
/// transient failures. Shared by the ticket store and the customer directory of one app instance.
/// </summary>
/// <remarks>Thread-safe. Migrates lazily on first use unless <see cref="EnsureMigratedAsync"/> ran at start-up.</remarks>
internal sealed class PostgreSqlDatabase : IAsyncDisposable, IDisposable
{
    private const string Section = PostgreSqlConstants.ConfigurationSection;

    private readonly SemaphoreSlim _migrationGate = new(1, 1);
    private volatile bool _migrated;
    private int _disposed;

    public PostgreSqlDatabase(PostgreSqlStoreOptions options, ILoggerFactory? loggerFactory = null)
    {
        PostgreSqlStoreOptionsValidator.ThrowIfInvalid(options);
        Schema = options.Schema;
        QuotedSchema = $"\"{options.Schema}\"";
        MaxRetries = options.MaxRetries;
        RetryDelay = options.RetryDelay;
        GroupCommit = options.GroupCommit;
        MaxBatchSize = options.MaxBatchSize;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("SocialCare.Storage.PostgreSql");

        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        var explicitKeys = ExplicitKeys(options.ConnectionString);
        if (!explicitKeys.Contains("maxautoprepare"))
        {
            connection.MaxAutoPrepare = PostgreSqlConstants.DefaultMaxAutoPrepare;
        }

        if (!explicitKeys.Contains("noresetonclose"))
        {
            connection.NoResetOnClose = true;
        }

        if (!explicitKeys.Contains("multiplexing"))
        {
            // Many concurrent small reads (each inbound event makes several): multiplexing sends them over fewer
            // connections in fewer writes; transactions still get a connection of their own.
            connection.Multiplexing = true;
        }

        // Host, port and database only: never the user's password.
        Server = $"{connection.Host}:{connection.Port}/{connection.Database}";
        DataSource = new NpgsqlDataSourceBuilder(connection.ConnectionString).Build();
        Logger.Opened(Schema, Server);
    }

    public NpgsqlDataSource DataSource { get; }

    public string Schema { get; }

    /// <summary>Gets the schema name in double quotes, for SQL text.</summary>
    public string QuotedSchema { get; }

    /// <summary>Gets the host, port and database, for messages (no credentials).</summary>
    public string Server { get; }

    public int MaxRetries { get; }

    public TimeSpan RetryDelay { get; }

    public bool GroupCommit { get; }

    public int MaxBatchSize { get; }

    /// <summary>Gets how many grouped transactions may be in flight at once, so that one's <c>COMMIT</c> (its WAL flush) overlaps the next one's statements.</summary>
    public int MaxConcurrentTransactions { get; init; } = DefaultConcurrentTransactions;

    internal const int DefaultConcurrentTransactions = 2;

    public ILogger Logger { get; }

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Brings the schema to the version this package knows, once; later calls return at once.</summary>
    public ValueTask EnsureMigratedAsync(CancellationToken cancellationToken)
        => _migrated ? ValueTask.CompletedTask : new ValueTask(MigrateOnceAsync(cancellationToken));

    /// <summary>Migrates the schema up to <paramref name="targetVersion"/> (tests build old versions with it).</summary>
    /// <returns>The version the schema had before.</returns>
    public Task<int> MigrateAsync(int targetVersion, CancellationToken cancellationToken)
        => RunAsync(
            $"migration of schema '{Schema}'",
            (Database: this, Target: targetVersion),
            static async (s, dataSource, ct) =>
            {
                var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    return await s.Database.MigrateCoreAsync(connection, s.Target, ct).ConfigureAwait(false);
                }
            },
            cancellationToken,
            migrate: false);

    /// <summary>
    /// Runs <paramref name="work"/> (which takes pooled connections from the data source), again after a transient failure (up to
    /// <see cref="MaxRetries"/> times, with a growing, jittered delay), and then fails saying it gave up.
    /// </summary>
    public async Task<T> RunAsync<TState, T>(
        string operation,
        TState state,
        Func<TState, NpgsqlDataSource, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken,
        bool migrate = true)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (migrate)
        {
            await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work(state, DataSource, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (TransientErrors.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                if (attempt > MaxRetries)
                {
                    throw GaveUp(operation, attempt, ex);
                }

                await BackOffAsync(operation, attempt, ex, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits before another attempt, and drops pooled connections that a failure showed to be broken.</summary>
    public Task BackOffAsync(string operation, int attempt, Exception failure, CancellationToken cancellationToken)
    {
        if (TransientErrors.IsConnectionFailure(failure))
        {
            // Idle connections of a restarted or terminated server are all dead: do not hand them out one retry at a time.
            DataSource.Clear();
        }

        var delay = Delay(attempt);
        Logger.TransientFailure(operation, attempt, MaxRetries + 1, (long)delay.TotalMilliseconds, failure);
        return delay == TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
    }

    /// <summary>The exception that ends an operation after its last attempt failed transiently.</summary>
    public Exception GaveUp(string operation, int attempts, Exception last)
    {
        Logger.GaveUp(operation, attempts, last);
        return new PostgreSqlGaveUpException(
            $"The PostgreSQL store's {operation} gave up after {attempts} attempts on {Server} ({Section}:MaxRetries is {MaxRetries}): {last.Message}",
            last);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await DataSource.DisposeAsync().ConfigureAwait(false);
            _migrationGate.Dispose();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            DataSource.Dispose();
            _migrationGate.Dispose();
        }
    }

    private TimeSpan Delay(int attempt)
    {
        if (RetryDelay == TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var ticks = RetryDelay.Ticks * (1L << Math.Min(attempt - 1, 10));
        ticks += (long)(ticks * 0.5 * Random.Shared.NextDouble());
        return TimeSpan.FromTicks(Math.Min(ticks, TimeSpan.FromSeconds(30).Ticks));
    }

    private async Task MigrateOnceAsync(CancellationToken cancellationToken)
    {
        await _migrationGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_migrated)
            {
                await MigrateAsync(Migrations.Latest, cancellationToken).ConfigureAwait(false);
                _migrated = true;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.MigrationFailed(Schema, Server, ex);
            throw;
        }
        finally
        {
            _migrationGate.Release();
        }
    }

    private async Task<int> MigrateCoreAsync(NpgsqlConnection connection, int target, CancellationToken cancellationToken)
    {
        // Fast path, without locks or DDL: an instance that starts on a current schema needs no CREATE privilege.
        var current = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        CheckNotNewer(current);
        if (current >= target)
        {
            Logger.SchemaCurrent(Schema, Server, current);
            return current;
        }

        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            // One migrator per schema at a time, across every instance; the lock ends with the transaction.
            using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
            {
                lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = MigrationLockKey(Schema) });
                await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            using (var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", connection, transaction))
            {
                exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Schema });
                if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                {
                    await ExecuteAsync(connection, transaction, $"CREATE SCHEMA {QuotedSchema}", cancellationToken).ConfigureAwait(false);
                }
            }

            await ExecuteAsync(
                connection,
                transaction,
                $"""
                CREATE TABLE IF NOT EXISTS {QuotedSchema}.schema_version (
                    version integer PRIMARY KEY,
                    description text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                cancellationToken).ConfigureAwait(false);

            // Another instance may have migrated while this one waited for the lock.
            var before = await ReadVersionAsync(connection, cancellationToken, transaction).ConfigureAwait(false);
            CheckNotNewer(before);
            foreach (var migration in Migrations.All)
            {
                if (migration.Version <= before || migration.Version > target)
                {
                    continue;
                }

                await ExecuteAsync(connection, transaction, migration.For(QuotedSchema), cancellationToken).ConfigureAwait(false);
                using var record = new NpgsqlCommand($"INSERT INTO {QuotedSchema}.schema_version (version, description) VALUES ($1, $2)", connection, transaction);
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Description });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            var after = Math.Max(before, Math.Min(target, Migrations.Latest));
            if (after > before)
            {
                Logger.Migrated(Schema, Server, before, after);
            }

            return before;
        }
    }

    private async Task<int> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{QuotedSchema}.schema_version" });
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
        {
            return 0;
        }

        using var read = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {QuotedSchema}.schema_version", connection, transaction);
        return Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void CheckNotNewer(int version)
    {
        if (version > Migrations.Latest)
        {
            Logger.SchemaTooNew(Schema, Server, version, Migrations.Latest);
            throw new InvalidOperationException(
                $"The PostgreSQL schema '{Schema}' ({Section}:Schema) on {Server} is at version {version}, newer than the versions this "
                + $"SocialCare.Storage.PostgreSql knows (up to {Migrations.Latest}): a newer release migrated it. Upgrade the package on "
                + $"every instance, or point {Section}:Schema at another schema.");
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A stable 64-bit key per schema for <c>pg_advisory_xact_lock</c> (FNV-1a; advisory locks are per database).</summary>
    internal static long MigrationLockKey(string schema)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in "socialcare.migrate:" + schema)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }

        return unchecked((long)hash);
    }

    /// <summary>The keywords the connection string sets itself, lower-case without spaces.</summary>
    private static HashSet<string> ExplicitKeys(string connectionString)
    {
        var parsed = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (string key in parsed.Keys)
        {
            keys.Add(key.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant());
        }

        return keys;
    }
}
