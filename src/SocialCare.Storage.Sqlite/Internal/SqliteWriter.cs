using Microsoft.Extensions.Logging;

namespace SocialCare.Storage.Sqlite;

/// <summary>A write to run on the writer connection, inside a transaction, and the caller waiting for it.</summary>
internal interface IWriteOperation
{
    /// <summary>Gets the caller's token: honoured until the writer starts the operation, ignored after.</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>Runs the operation on the writer connection; throws to have its changes rolled back.</summary>
    void Execute(SqliteDbConnection connection);

    /// <summary>Completes the caller's task once the transaction committed (with the result, or the operation's own failure).</summary>
    void Complete();

    /// <summary>Fails the caller's task: the operation threw, or its transaction did not commit.</summary>
    void Fail(Exception exception);

    /// <summary>Completes the caller's task as cancelled; the operation did not run.</summary>
    void Cancel();
}

/// <summary>An <see cref="IWriteOperation"/> whose caller awaits a <typeparamref name="T"/>.</summary>
/// <remarks>
/// Is the caller's <see cref="TaskCompletionSource{TResult}"/> itself (one allocation per write). Continuations run
/// asynchronously, never on the writer thread.
/// </remarks>
internal abstract class WriteOperation<T> : TaskCompletionSource<T>, IWriteOperation, IFailable
{
    private T? _result;
    private Exception? _failure;

    protected WriteOperation(CancellationToken cancellationToken)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        CancellationToken = cancellationToken;
    }

    public CancellationToken CancellationToken { get; }

    public void Execute(SqliteDbConnection connection)
    {
        _failure = null;
        _result = Run(connection);
    }

    /// <summary>Records the failure of this operation alone (it wrote nothing); reported after the commit.</summary>
    public void Failed(Exception exception) => _failure = exception;

    public void Complete()
    {
        if (_failure is { } failure)
        {
            TrySetException(failure);
        }
        else
        {
            TrySetResult(_result!);
        }
    }

    public void Fail(Exception exception) => TrySetException(exception);

    public void Cancel() => TrySetCanceled(CancellationToken);

    protected abstract T Run(SqliteDbConnection connection);
}

/// <summary>
/// The single writer: one connection, one thread, and a queue. Callers enqueue operations; the writer drains whatever is
/// pending (up to <see cref="SqliteStoreOptions.MaxBatchSize"/>) into one <c>BEGIN IMMEDIATE</c> transaction, runs them
/// one after the other, then commits once (one fsync) and completes every caller.
/// </summary>
/// <remarks>
/// <para>
/// Operations make all their checks before their first write, so one that throws a check's exception (a version
/// conflict, a bad argument) has written nothing: only its caller sees the exception, and the others commit. (A
/// savepoint per operation would do the same, but SQLite then copies every page the operation touches into a
/// sub-journal, which costs more than the operation.) An operation that fails after writing, which no check foresaw,
/// makes the writer roll the batch back and run each of its operations in a transaction of its own. A failure of the
/// transaction itself (the disk is full, the file is locked past the busy timeout) fails every operation of the batch:
/// none of them was applied. With one pending operation the batch has one operation: nothing waits for company.
/// </para>
/// <para>
/// The thread is dedicated because SQLite's I/O is synchronous: it blocks on fsync, so no pool thread does. Thread-safe.
/// </para>
/// </remarks>
internal sealed class SqliteWriter
{
    private readonly SqliteDbConnection _connection;
    private readonly ILogger _logger;
    private readonly bool _groupCommit;
    private readonly int _maxBatchSize;
    private readonly Lock _gate = new();
    private readonly Queue<IWriteOperation> _queue = new();
    private readonly ManualResetEventSlim _signal = new(false);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;
    private bool _closed;
    private long _transactions;
    private long _operations;

    public SqliteWriter(SqliteDbConnection connection, SqliteStoreOptions options, ILogger logger)
    {
        _connection = connection;
        _logger = logger;
        _groupCommit = options.GroupCommit;
        _maxBatchSize = options.MaxBatchSize;
        _thread = new Thread(Run) { IsBackground = true, Name = "SocialCare SQLite writer" };
    }

    /// <summary>Gets how many transactions the writer committed.</summary>
    public long TransactionCount => Interlocked.Read(ref _transactions);

    /// <summary>Gets how many operations the writer ran (committed or failed alone).</summary>
    public long OperationCount => Interlocked.Read(ref _operations);

    public void Start() => _thread.Start();

    /// <summary>Queues an operation; its task completes after its transaction commits.</summary>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public Task<T> Enqueue<T>(WriteOperation<T> operation)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, typeof(SqliteTicketStore));
            _queue.Enqueue(operation);
        }

        _signal.Set();
        return operation.Task;
    }

    /// <summary>Stops taking operations, lets the writer finish those queued, and waits for it.</summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            _closed = true;
        }

        _signal.Set();
        return _stopped.Task;
    }

    /// <summary>Stops taking operations, lets the writer finish those queued, and blocks until it has (for synchronous disposal).</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _closed = true;
        }

        _signal.Set();
        if (Thread.CurrentThread != _thread && _thread.IsAlive)
        {
            _thread.Join();
        }
    }

    private void Run()
    {
        var batch = new List<IWriteOperation>(_maxBatchSize);
        try
        {
            while (true)
            {
                batch.Clear();
                var closed = false;
                lock (_gate)
                {
                    while (batch.Count < _maxBatchSize && _queue.TryDequeue(out var operation))
                    {
                        batch.Add(operation);
                    }

                    if (batch.Count == 0)
                    {
                        // Reset under the lock: an operation queued after this sets the signal again.
                        _signal.Reset();
                        closed = _closed;
                    }
                }

                if (batch.Count > 0)
                {
                    if (_groupCommit)
                    {
                        RunBatch(batch);
                    }
                    else
                    {
                        foreach (var operation in batch)
                        {
                            RunAlone(operation);
                        }
                    }
                }
                else if (closed)
                {
                    break;
                }
                else
                {
                    _signal.Wait();
                }
            }
        }
        catch (Exception exception)
        {
            // A bug of the writer itself: fail what is queued rather than leave callers waiting forever.
            _logger.WriterFailed(exception);
            foreach (var operation in batch)
            {
                operation.Fail(exception);
            }

            lock (_gate)
            {
                _closed = true;
                while (_queue.TryDequeue(out var operation))
                {
                    operation.Fail(new ObjectDisposedException(nameof(SqliteTicketStore), exception));
                }
            }
        }
        finally
        {
            _connection.Dispose();
            _stopped.TrySetResult();
        }
    }

    private void RunBatch(List<IWriteOperation> batch)
    {
        var connection = _connection;
        try
        {
            connection[WriterSql.Begin].Execute();
        }
        catch (Exception exception)
        {
            _logger.TransactionFailed(batch.Count, exception);
            FailAll(batch, exception);
            return;
        }

        var executed = 0;
        foreach (var operation in batch)
        {
            if (operation.CancellationToken.IsCancellationRequested)
            {
                operation.Cancel();
                continue;
            }

            executed++;
            var changesBefore = connection.TotalChanges;
            try
            {
                operation.Execute(connection);
            }
            catch (Exception exception) when (connection.InTransaction && connection.TotalChanges == changesBefore)
            {
                // It failed a check before its first write (a duplicate, a version conflict, a bad argument): there is
                // nothing to undo, and only its caller hears of it.
                MarkFailed(operation, exception);
            }
            catch (Exception exception)
            {
                // It failed after writing, or the transaction is gone: undo the batch, then give every operation its own
                // transaction, so that only the failing one fails.
                _ = TryRollBack(connection);
                _logger.BatchRetriedAlone(batch.Count, exception);
                foreach (var again in batch)
                {
                    RunAlone(again);
                }

                return;
            }
        }

        if (executed == 0)
        {
            _ = TryRollBack(connection);
            return;
        }

        try
        {
            connection[WriterSql.Commit].Execute();
        }
        catch (Exception exception)
        {
            _ = TryRollBack(connection);
            _logger.TransactionFailed(batch.Count, exception);
            FailAll(batch, exception);
            return;
        }

        Interlocked.Increment(ref _transactions);
        Interlocked.Add(ref _operations, executed);
        _logger.BatchCommitted(executed);
        foreach (var operation in batch)
        {
            operation.Complete();
        }
    }

    private void RunAlone(IWriteOperation operation)
    {
        if (operation.CancellationToken.IsCancellationRequested)
        {
            operation.Cancel();
            return;
        }

        var connection = _connection;
        try
        {
            connection[WriterSql.Begin].Execute();
            operation.Execute(connection);
            connection[WriterSql.Commit].Execute();
        }
        catch (Exception exception)
        {
            _ = TryRollBack(connection);
            operation.Fail(exception);
            Interlocked.Increment(ref _operations);
            return;
        }

        Interlocked.Increment(ref _transactions);
        Interlocked.Increment(ref _operations);
        operation.Complete();
    }

    private static void MarkFailed(IWriteOperation operation, Exception exception)
    {
        switch (operation)
        {
            case IFailable failable:
                failable.Failed(exception);
                break;
            default:
                operation.Fail(exception);
                break;
        }
    }

    private static bool TryRollBack(SqliteDbConnection connection)
    {
        if (!connection.InTransaction)
        {
            return true;
        }

        try
        {
            connection[WriterSql.Rollback].Execute();
            return true;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return false;
        }
    }

    private static void FailAll(List<IWriteOperation> batch, Exception exception)
    {
        // Operations already cancelled keep that outcome: completing a finished task does nothing.
        foreach (var operation in batch)
        {
            operation.Fail(exception);
        }
    }
}

/// <summary>An operation that can record its own failure, reported once the batch's transaction ends.</summary>
internal interface IFailable
{
    void Failed(Exception exception);
}

internal static class WriterSql
{
    public static readonly Sql Begin = new("BEGIN IMMEDIATE");
    public static readonly Sql Commit = new("COMMIT");
    public static readonly Sql Rollback = new("ROLLBACK");
}
