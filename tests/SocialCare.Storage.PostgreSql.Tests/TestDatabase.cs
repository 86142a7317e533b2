using Npgsql;

namespace SocialCare.Storage.PostgreSql.Tests;

/// <summary>
/// A fresh schema with a random name on the server named by <c>SOCIALCARE_TEST_POSTGRES</c>, dropped when disposed.
/// Without the variable, creating one throws <see cref="SkipException"/>, so the test is reported skipped.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    public const string Variable = "SOCIALCARE_TEST_POSTGRES";

    public const string SkipReason =
        "PostgreSQL tests need a server: set SOCIALCARE_TEST_POSTGRES to a connection string, for example Host=127.0.0.1;Username=socialcare;Password=socialcare;Database=socialcare";

    private readonly List<IAsyncDisposable> _owned = [];

    private TestDatabase(string connectionString, string schema)
    {
        ConnectionString = connectionString;
        Schema = schema;
        AdminConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = schema + "_admin", Pooling = false }.ConnectionString;
    }

    /// <summary>Gets a connection string for the test's own connections (set-up, inspection, locks held from outside): unpooled, and not named like the stores'.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Gets the server's connection string (from the environment), with a small pool per data source.</summary>
    public string ConnectionString { get; }

    /// <summary>Gets the schema this test owns.</summary>
    public string Schema { get; }

    /// <summary>Gets the server's connection string, or throws <see cref="SkipException"/> when none is configured.</summary>
    public static string ServerConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new SkipException(SkipReason);
        }

        // Many data sources live at once in these tests (one per simulated app instance): keep each pool small.
        var builder = new NpgsqlConnectionStringBuilder(value);
        if (!value.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase) && !value.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = 8;
        }

        return builder.ConnectionString;
    }

    /// <summary>Makes a schema name for one test (the schema itself is created by the store's migration).</summary>
    public static TestDatabase Create()
    {
        var schema = "sc_test_" + Guid.NewGuid().ToString("N")[..16];

        // The schema names the connections too, so that a test can find its own in pg_stat_activity.
        var connection = new NpgsqlConnectionStringBuilder(ServerConnectionString()) { ApplicationName = schema };
        return new(connection.ConnectionString, schema);
    }

    /// <summary>Options for a store on this test's schema.</summary>
    public PostgreSqlStoreOptions Options(Action<PostgreSqlStoreOptions>? configure = null)
    {
        var options = new PostgreSqlStoreOptions { ConnectionString = ConnectionString, Schema = Schema, RetryDelay = TimeSpan.FromMilliseconds(5) };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A new store (with its own connection pool) on this schema, disposed with the database.</summary>
    public PostgreSqlTicketStore Store(Action<PostgreSqlStoreOptions>? configure = null, Microsoft.Extensions.Logging.ILoggerFactory? logging = null)
    {
        var store = new PostgreSqlTicketStore(Options(configure), logging);
        _owned.Add(store);
        return store;
    }

    /// <summary>A new customer directory (with its own connection pool) on this schema, disposed with the database.</summary>
    public PostgreSqlCustomerDirectory Directory(TimeProvider time)
    {
        var directory = new PostgreSqlCustomerDirectory(Options(), time);
        _owned.Add(directory);
        return directory;
    }

    /// <summary>Runs SQL on the server outside any store (set-up, inspection, fault injection).</summary>
    public async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{s}", $"\"{Schema}\"", StringComparison.Ordinal), connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteScalarAsync();
    }

    /// <summary>Counts this test's connections that wait for a lock.</summary>
    public async Task<long> WaitingLocksAsync()
        => (long)(await ScalarAsync(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.application_name = $1",
            Schema))!;

    /// <summary>Ends this test's connections from the server side, as a restart or a network failure would.</summary>
    public async Task<long> TerminateConnectionsAsync()
        => (long)(await ScalarAsync(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1) ended",
            Schema))!;

    /// <summary>Counts the rows of one of the store's tables.</summary>
    public async Task<long> CountAsync(string table, string where = "true")
        => (long)(await ScalarAsync($"SELECT count(*) FROM {{s}}.{table} WHERE {where}"))!;

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
