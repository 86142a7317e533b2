using Microsoft.Extensions.Logging;

namespace SocialCare.Storage.PostgreSql;

/// <summary>The PostgreSQL store's log messages (event ids 5101–5199). No message text, names, phones, nor the connection string's password.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Migrated PostgreSQL schema {Schema} on {Server} from version {From} to {To}")]
    public static partial void Migrated(this ILogger logger, string schema, string server, int from, int to);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "PostgreSQL schema {Schema} on {Server} is at version {Version}; nothing to migrate")]
    public static partial void SchemaCurrent(this ILogger logger, string schema, string server, int version);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Critical, Message = "PostgreSQL schema {Schema} on {Server} is at version {Version}, newer than this package knows ({Known}); refusing to use it")]
    public static partial void SchemaTooNew(this ILogger logger, string schema, string server, int version, int known);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "PostgreSQL {Operation} failed transiently (attempt {Attempt} of {MaxAttempts}); retrying in {DelayMs} ms")]
    public static partial void TransientFailure(this ILogger logger, string operation, int attempt, int maxAttempts, long delayMs, Exception exception);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Error, Message = "PostgreSQL {Operation} gave up after {Attempts} attempts")]
    public static partial void GaveUp(this ILogger logger, string operation, int attempts, Exception exception);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Trace, Message = "Committed {Count} change sets in one PostgreSQL transaction ({RolledBack} rolled back to their savepoint, {Deferred} deferred)")]
    public static partial void GroupCommitted(this ILogger logger, int count, int rolledBack, int deferred);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Debug, Message = "A change set met a deadlock or serialization failure in a grouped transaction; it is tried again in the next one")]
    public static partial void ChangeSetDeferred(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5108, Level = LogLevel.Warning, Message = "The connection failed while committing {Count} change sets; their outcome is checked in the database")]
    public static partial void CommitOutcomeUnknown(this ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 5109, Level = LogLevel.Debug, Message = "Opened the PostgreSQL store for schema {Schema} on {Server}")]
    public static partial void Opened(this ILogger logger, string schema, string server);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Error, Message = "Migrating PostgreSQL schema {Schema} on {Server} failed")]
    public static partial void MigrationFailed(this ILogger logger, string schema, string server, Exception exception);
}
