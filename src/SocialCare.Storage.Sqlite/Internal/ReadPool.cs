using System.Collections.Concurrent;

namespace SocialCare.Storage.Sqlite;

/// <summary>
/// A small pool of read connections: in WAL mode each reads a consistent snapshot while the writer writes, and every
/// read starts a new snapshot, so it sees every commit that returned before it began.
/// </summary>
/// <remarks>Thread-safe. Connections are opened on first need, up to the configured count; callers beyond that wait.</remarks>
internal sealed class ReadPool : IDisposable
{
    private readonly Func<SqliteDbConnection> _open;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentQueue<SqliteDbConnection> _idle = new();
    private volatile bool _disposed;

    public ReadPool(int size, Func<SqliteDbConnection> open)
    {
        _open = open;
        _slots = new SemaphoreSlim(size, size);
    }

    public ValueTask<SqliteDbConnection> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _slots.Wait(0) ? new ValueTask<SqliteDbConnection>(Take()) : RentSlowAsync(cancellationToken);
    }

    public void Return(SqliteDbConnection connection)
    {
        if (_disposed)
        {
            connection.Dispose();
        }
        else
        {
            _idle.Enqueue(connection);
            if (_disposed && _idle.TryDequeue(out var late))
            {
                late.Dispose();
            }
        }

        _slots.Release();
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryDequeue(out var connection))
        {
            connection.Dispose();
        }
    }

    private async ValueTask<SqliteDbConnection> RentSlowAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return Take();
    }

    private SqliteDbConnection Take()
    {
        if (_idle.TryDequeue(out var connection))
        {
            return connection;
        }

        try
        {
            return _open();
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }
}
