using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace SocialCare.Storage.Sqlite;

/// <summary>Checks <see cref="SqliteStoreOptions"/> at start-up; each failure names the option by its configuration path.</summary>
internal sealed class SqliteStoreOptionsValidator : IValidateOptions<SqliteStoreOptions>
{
    private const string Section = SqliteStoreOptions.ConfigurationSection;

    public ValidateOptionsResult Validate(string? name, SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        foreach (var (path, error) in Problems(options))
        {
            result.AddError(error, path);
        }

        return result.Build();
    }

    /// <summary>Lists the problems as sentences that start with the option's path (for a constructor's exception).</summary>
    public static IReadOnlyList<string> Check(SqliteStoreOptions options)
        => [.. Problems(options).Select(p => $"{p.Path} {p.Error}")];

    private static List<(string Path, string Error)> Problems(SqliteStoreOptions options)
    {
        var problems = new List<(string Path, string Error)>();
        CheckConnectionString(options.ConnectionString, problems);
        if (options.MaxBatchSize is < 1 or > 10_000)
        {
            problems.Add(($"{Section}:MaxBatchSize", "must be between 1 and 10000."));
        }

        if (options.ReadConnections is < 1 or > 64)
        {
            problems.Add(($"{Section}:ReadConnections", "must be between 1 and 64."));
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout > TimeSpan.FromMinutes(10))
        {
            problems.Add(($"{Section}:BusyTimeout", "must be between 00:00:00 and 00:10:00."));
        }

        if (!Enum.IsDefined(options.Synchronous))
        {
            problems.Add(($"{Section}:Synchronous", "must be Off, Normal, Full or Extra."));
        }

        return problems;
    }

    private static void CheckConnectionString(string? connectionString, List<(string Path, string Error)> problems)
    {
        const string Path = $"{Section}:ConnectionString";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            problems.Add((Path, "is required: a SQLite connection string naming the database file, such as 'Data Source=socialcare.db'."));
            return;
        }

        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or KeyNotFoundException)
        {
            // The provider's message names the keyword at fault, never a value: no password leaks through it.
            problems.Add((Path, $"is not a valid SQLite connection string: {exception.Message}"));
            return;
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            problems.Add((Path, "must name the database file with 'Data Source=…'."));
        }
        else if (builder.Mode == SqliteOpenMode.Memory
            || string.Equals(builder.DataSource.Trim(), ":memory:", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add((Path, "must name a database file: an in-memory SQLite database is private to each connection (use the in-memory store instead)."));
        }
        else if (builder.Mode == SqliteOpenMode.ReadOnly)
        {
            problems.Add((Path, "must allow writing ('Mode=ReadOnly' cannot store anything)."));
        }
    }
}
