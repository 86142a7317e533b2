using System.Net.Sockets;
using Npgsql;

namespace SocialCare.Storage.PostgreSql;

/// <summary>Which failures are worth another attempt: lost or refused connections, deadlocks, serialization failures.</summary>
/// <remarks>Constraint violations and version conflicts are answers, not accidents: they are never retried.</remarks>
internal static class TransientErrors
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgreSqlGaveUpException => false,
        PostgresException postgres => IsTransientState(postgres.SqlState) || postgres.IsTransient,
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        _ => false,
    };

    /// <summary>Whether the failure is a deadlock or a serialization failure: the transaction lost a race and can run again.</summary>
    public static bool IsConflict(Exception exception)
        => exception is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable };

    /// <summary>Whether the connection itself failed (closed, refused, terminated by the server), so pooled ones may be dead too.</summary>
    public static bool IsConnectionFailure(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException npgsql => npgsql.InnerException is SocketException or IOException or EndOfStreamException || npgsql.IsTransient,
        _ => false,
    };

    private static bool IsTransientState(string state) => state switch
    {
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable => true,
        PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow => true,
        PostgresErrorCodes.TooManyConnections => true,
        _ => state.StartsWith("08", StringComparison.Ordinal),
    };
}

/// <summary>An operation failed transiently on every attempt; the message names it and the number of attempts.</summary>
internal sealed class PostgreSqlGaveUpException : NpgsqlException
{
    public PostgreSqlGaveUpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
