using Microsoft.Extensions.Logging;

namespace SocialCare.Storage.Sqlite;

/// <summary>The SQLite store's log messages (event ids 5001–5099). No message text, names, phones or connection strings.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Opened the SQLite store '{File}' at schema version {Version} (synchronous {Synchronous}, group commit {GroupCommit})")]
    public static partial void Opened(this ILogger logger, string file, int version, SqliteSynchronousMode synchronous, bool groupCommit);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Migrated the SQLite store '{File}' from schema version {From} to {To}")]
    public static partial void Migrated(this ILogger logger, string file, int from, int to);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "Could not open the SQLite store '{File}'")]
    public static partial void OpenFailed(this ILogger logger, string file, Exception exception);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "A SQLite write transaction of {Count} operations failed; none of them was applied")]
    public static partial void TransactionFailed(this ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Trace, Message = "Committed {Count} operations in one SQLite transaction")]
    public static partial void BatchCommitted(this ILogger logger, int count);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Critical, Message = "The SQLite writer stopped on an unexpected error; the store takes no more writes")]
    public static partial void WriterFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "An operation failed after writing in a SQLite transaction of {Count} operations; the batch was rolled back and each operation runs alone")]
    public static partial void BatchRetriedAlone(this ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "Closed the SQLite store '{File}' after {Transactions} transactions")]
    public static partial void Closed(this ILogger logger, string file, long transactions);
}
