using Microsoft.Extensions.Logging;
using Npgsql;
using SocialCare.Abstractions;
using static SocialCare.Storage.PostgreSql.Db;

namespace SocialCare.Storage.PostgreSql;

/// <summary>
/// Applies change sets in transactions: with group commit, a change set that finds a free transaction slot (see
/// <see cref="PostgreSqlDatabase.MaxConcurrentTransactions"/>) is sent at once by its caller; one that arrives while every
/// slot is busy waits for the next free transaction, which takes all that wait (up to the batch size), each under its
/// own savepoint.
/// </summary>
/// <remarks>
/// <para>
/// A transaction sends the savepoints and statements of its change sets in one <see cref="NpgsqlBatch"/> (one round
/// trip), reads the row counts that decide each change set's fate (a recorded event, a stale version, an active ticket
/// in the way, a missing or repeated message), rolls back only the change set that failed (and re-sends the ones
/// after it), then sends one <c>COMMIT</c>. Callers learn their outcome only once the transaction committed.
/// </para>
/// <para>
/// Every savepoint has the same name, so that the three savepoint statements are the only ones Npgsql prepares for them:
/// the one to roll back is reached by rolling back and releasing the newer ones first.
/// </para>
/// </remarks>
internal sealed class CommitExecutor
{
    public const string Savepoint = "SAVEPOINT cs";
    private const string RollbackToSavepoint = "ROLLBACK TO SAVEPOINT cs";
    private const string ReleaseSavepoint = "RELEASE SAVEPOINT cs";

    private readonly PostgreSqlDatabase _db;
    private readonly StoreSql _sql;
    private readonly Lock _gate = new();
    private readonly Queue<PendingCommit> _queue = new();
    private readonly List<Task> _flushers = [];
    private int _running;
    private long _transactions;

    public CommitExecutor(PostgreSqlDatabase db, StoreSql sql)
    {
        _db = db;
        _sql = sql;
    }

    /// <summary>Gets how many transactions committed change sets.</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <summary>Gets how many change sets wait for a transaction (for tests).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public async Task<CommitOutcome> CommitAsync(PendingCommit pending)
    {
        if (!_db.GroupCommit)
        {
            return await CommitAloneAsync(pending).ConfigureAwait(false);
        }

        bool lead;
        lock (_gate)
        {
            _queue.Enqueue(pending);

            // Sent at once while a transaction slot is free: grouping never waits for company. Only when every slot is
            // busy do commits queue, and the next free transaction takes them all.
            lead = _running < _db.MaxConcurrentTransactions;
            if (lead)
            {
                _running++;
            }
        }

        if (lead)
        {
            // The caller runs the transaction itself (no hand-off to another thread), with whatever queued up beside it;
            // what queues meanwhile is left to a flusher, so that the caller returns as soon as its own group is done.
            var flush = FlushAsync(once: true);
            lock (_gate)
            {
                // Remembered so that disposal waits for it.
                _flushers.RemoveAll(static t => t.IsCompleted);
                _flushers.Add(flush);
            }

            await flush.ConfigureAwait(false);
        }

        return await pending.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>Waits for the change sets already queued.</summary>
    public Task DrainAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll(_flushers);
        }
    }

    private async Task<CommitOutcome> CommitAloneAsync(PendingCommit pending)
    {
        List<PendingCommit> one = [pending];
        while (true)
        {
            var deferred = await ExecuteGroupAsync(one).ConfigureAwait(false);
            if (deferred.Count == 0)
            {
                return await pending.Completion.Task.ConfigureAwait(false);
            }

            await _db.BackOffAsync("commit", pending.Conflicts, deferred[0].Failure, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Runs grouped transactions while change sets wait, holding one transaction slot; releases it when none do.</summary>
    /// <param name="once">Run one group, then hand what is left to a background flusher (the slot goes with it).</param>
    private async Task FlushAsync(bool once)
    {
        try
        {
            List<PendingCommit> group = [];
            while (true)
            {
                group.Clear();
                lock (_gate)
                {
                    while (group.Count < _db.MaxBatchSize && _queue.TryDequeue(out var pending))
                    {
                        if (pending.CancellationToken.IsCancellationRequested)
                        {
                            pending.Completion.TrySetCanceled(pending.CancellationToken);
                            continue;
                        }

                        group.Add(pending);
                    }

                    if (group.Count == 0)
                    {
                        _running--;
                        return;
                    }
                }

                List<(PendingCommit Pending, Exception Failure)> deferred;
                try
                {
                    deferred = await ExecuteGroupAsync(group).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    foreach (var pending in group)
                    {
                        pending.Completion.TrySetException(ex);
                    }

                    deferred = [];
                }

                if (deferred.Count > 0)
                {
                    // Lost a race with another instance's transaction: wait a moment, then go first in the next transaction.
                    await _db.BackOffAsync("grouped commit", deferred.Max(d => d.Pending.Conflicts), deferred[0].Failure, CancellationToken.None).ConfigureAwait(false);
                    lock (_gate)
                    {
                        var rest = _queue.ToArray();
                        _queue.Clear();
                        foreach (var (pending, _) in deferred)
                        {
                            _queue.Enqueue(pending);
                        }

                        foreach (var pending in rest)
                        {
                            _queue.Enqueue(pending);
                        }
                    }
                }

                if (once)
                {
                    lock (_gate)
                    {
                        if (_queue.Count == 0)
                        {
                            _running--;
                            return;
                        }

                        _flushers.RemoveAll(static t => t.IsCompleted);
                        _flushers.Add(Task.Run(() => FlushAsync(once: false)));
                        return;
                    }
                }
            }
        }
        catch (Exception ex)
        {
            // Never leave callers waiting on a flusher that stopped.
            lock (_gate)
            {
                while (_queue.TryDequeue(out var pending))
                {
                    pending.Completion.TrySetException(ex);
                }

                _running--;
            }
        }
    }

    /// <summary>
    /// Runs one transaction for a group of change sets and completes each one's task, except those that met a deadlock
    /// or serialization failure and may try again: those are returned.
    /// </summary>
    private async Task<List<(PendingCommit Pending, Exception Failure)>> ExecuteGroupAsync(List<PendingCommit> group)
    {
        var results = new Result[group.Count];
        for (var attempt = 1; ; attempt++)
        {
            Array.Clear(results);
            var committing = false;
            try
            {
                var connection = await _db.DataSource.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    var transaction = await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
                    await using (transaction.ConfigureAwait(false))
                    {
                        await RunGroupAsync(connection, transaction, group, results).ConfigureAwait(false);
                        committing = true;
                        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                        Interlocked.Increment(ref _transactions);
                    }
                }
            }
            catch (Exception ex) when (TransientErrors.IsTransient(ex))
            {
                if (committing)
                {
                    _db.Logger.CommitOutcomeUnknown(group.Count, ex);
                    if (await ResolveUnknownOutcomeAsync(group, results, ex).ConfigureAwait(false))
                    {
                        break;
                    }
                }

                if (attempt > _db.MaxRetries)
                {
                    var gaveUp = _db.GaveUp(group.Count == 1 ? "commit" : $"commit of {group.Count} grouped change sets", attempt, ex);
                    foreach (var pending in group)
                    {
                        pending.Completion.TrySetException(gaveUp);
                    }

                    return [];
                }

                await _db.BackOffAsync("commit", attempt, ex, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            break;
        }

        List<(PendingCommit, Exception)> deferred = [];
        int rolledBack = 0;
        for (var i = 0; i < group.Count; i++)
        {
            var pending = group[i];
            var result = results[i];
            if (result.Deferred)
            {
                pending.Conflicts++;
                if (pending.Conflicts > _db.MaxRetries)
                {
                    pending.Completion.TrySetException(_db.GaveUp("commit", pending.Conflicts, result.Error!));
                }
                else
                {
                    deferred.Add((pending, result.Error!));
                }
            }
            else if (result.Error is { } error)
            {
                rolledBack++;
                pending.Completion.TrySetException(error);
            }
            else
            {
                pending.Completion.TrySetResult(result.Outcome);
            }
        }

        _db.Logger.GroupCommitted(group.Count, rolledBack, deferred.Count);
        return deferred;
    }

    /// <summary>Sends the group's statements, rolling back each change set that fails, until the rest went through.</summary>
    private async Task RunGroupAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<PendingCommit> group, Result[] results)
    {
        var next = 0;
        while (next < group.Count)
        {
            using var batch = new NpgsqlBatch(connection, transaction);
            for (var i = next; i < group.Count; i++)
            {
                group[i].AddStatements(batch, _sql);
            }

            PostgresException? error = null;
            var errorAt = int.MaxValue;
            try
            {
                await batch.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (!TransientErrors.IsConnectionFailure(ex))
            {
                // One statement failed; the ones after it were skipped and the transaction waits for a rollback. The
                // failed statement is the first one whose completion was not read.
                error = ex;
                errorAt = FirstIncomplete(batch);
                if (errorAt < 0)
                {
                    throw;
                }
            }

            // The first change set that failed, by a row count or by the error.
            var failed = -1;
            Check? zero = null;
            for (var i = next; i < group.Count && failed < 0; i++)
            {
                var pending = group[i];
                foreach (var check in pending.Checks)
                {
                    if (check.Command >= errorAt)
                    {
                        break;
                    }

                    if (batch.BatchCommands[check.Command].RecordsAffected == 0)
                    {
                        zero = check;
                        failed = i;
                        break;
                    }
                }

                if (failed < 0 && errorAt < pending.EndCommand)
                {
                    failed = i;
                }
            }

            if (failed < 0)
            {
                return;
            }

            // Savepoints taken after the failed change set's own, by the change sets sent after it.
            var newer = 0;
            for (var i = failed + 1; i < group.Count && group[i].FirstCommand < errorAt; i++)
            {
                newer++;
            }

            var abortedInside = error is not null && errorAt < group[failed].EndCommand;
            results[failed] = await RollBackAsync(connection, transaction, group[failed], zero, error, newer, abortedInside).ConfigureAwait(false);
            next = failed + 1;
        }
    }

    private static int FirstIncomplete(NpgsqlBatch batch)
    {
        for (var i = 0; i < batch.BatchCommands.Count; i++)
        {
            if (batch.BatchCommands[i].StatementType == StatementType.Unknown)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Undoes one change set (and the newer ones), and tells what its caller gets.</summary>
    private async Task<Result> RollBackAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        PendingCommit pending,
        Check? zero,
        PostgresException? error,
        int newer,
        bool abortedInside)
    {
        using (var unwind = new NpgsqlBatch(connection, transaction))
        {
            for (var i = 0; i < newer; i++)
            {
                unwind.BatchCommands.Add(new NpgsqlBatchCommand(RollbackToSavepoint));
                unwind.BatchCommands.Add(new NpgsqlBatchCommand(ReleaseSavepoint));
            }

            if (abortedInside)
            {
                unwind.BatchCommands.Add(new NpgsqlBatchCommand(RollbackToSavepoint));
                unwind.BatchCommands.Add(new NpgsqlBatchCommand(ReleaseSavepoint));
            }

            if (unwind.BatchCommands.Count > 0)
            {
                await unwind.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        // Inside the change set's own savepoint (unless it aborted there), the lookups see what its statements saw.
        var result = zero is { } check
            ? await ExplainAsync(connection, transaction, pending, check).ConfigureAwait(false)
            : Classify(pending, error!);

        if (!abortedInside)
        {
            using var rollback = new NpgsqlBatch(connection, transaction);
            rollback.BatchCommands.Add(new NpgsqlBatchCommand(RollbackToSavepoint));
            rollback.BatchCommands.Add(new NpgsqlBatchCommand(ReleaseSavepoint));
            await rollback.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return result;
    }

    private async Task<Result> ExplainAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PendingCommit pending, Check check)
    {
        if (check.Kind == CheckKind.Event)
        {
            return new Result(CommitOutcome.Duplicate, null, false);
        }

        if (check.Kind == CheckKind.UpdateMessage)
        {
            var id = pending.Changes.UpdatedMessages[check.Item].Id;
            using var redacted = Command(connection, _sql.RedactedMessage, Text(id.Value));
            redacted.Transaction = transaction;
            if (await redacted.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false) is byte[] doc)
            {
                // Erasure or retention redacted it after the change set was read: tried again, keeping it redacted.
                pending.KeepRedacted(check.Item, SocialCareJson.Deserialize<Message>(doc)!);
                return new Result(default, new InvalidOperationException($"Message {id} was redacted after the change set read it."), true);
            }
        }

        if (pending.ArgumentFailure(check) is { } argument)
        {
            return new Result(default, argument, false);
        }

        var write = pending.Changes.Tickets[check.Item];
        var ticket = write.Ticket;
        long actual;
        using (var version = Command(connection, _sql.TicketVersion, Text(ticket.Id.Value)))
        {
            version.Transaction = transaction;
            actual = (long)(await version.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false))!;
        }

        if (check.Kind == CheckKind.UpdateTicket || actual != 0)
        {
            return new Result(default, new TicketConcurrencyException(ticket.Id, write.ExpectedVersion, actual), false);
        }

        var conversation = ticket.Conversation;
        using var active = Command(
            connection,
            _sql.ActiveTicketId,
            Text(conversation.Channel.Value),
            Text(conversation.Account.Value),
            Text(conversation.Thread.Value),
            Smallint((short)conversation.Visibility),
            Text(ticket.Customer.Value),
            Text(ticket.Id.Value));
        active.Transaction = transaction;
        var activeId = await active.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false) as string;
        return new Result(default, ActiveConflict(ticket, activeId), false);
    }

    private Result Classify(PendingCommit pending, PostgresException error)
    {
        if (TransientErrors.IsConflict(error))
        {
            _db.Logger.ChangeSetDeferred(error);
            return new Result(default, error, true);
        }

        if (error.SqlState == PostgresErrorCodes.UniqueViolation && error.ConstraintName == "tickets_one_active")
        {
            // An update that moves an active ticket onto a conversation and customer that already have one.
            var ticket = pending.Changes.Tickets.FirstOrDefault(w => w.ExpectedVersion != 0 && w.Ticket.IsActive)?.Ticket;
            return new Result(
                default,
                new TicketConcurrencyException(
                    $"Customer {ticket?.Customer} already has an active ticket in this conversation, so ticket {ticket?.Id} cannot be saved active; read the active ticket and add to it.",
                    error),
                false);
        }

        return new Result(default, error, false);
    }

    private static TicketConcurrencyException ActiveConflict(Ticket created, string? active)
        => active is null
            ? new TicketConcurrencyException(
                $"Ticket {created.Id} could not be created: another writer changed this conversation's tickets at the same time; read them again.")
            : new TicketConcurrencyException(
                $"Customer {created.Customer} already has active ticket {active} in this conversation, so ticket {created.Id} cannot be created active; read the active ticket and add to it.");

    /// <summary>
    /// After the connection failed during <c>COMMIT</c>: finds out from the database whether the transaction committed.
    /// </summary>
    /// <returns><see langword="true"/> when the outcome is settled (committed, or not and the callers were told); <see langword="false"/> to run the group again.</returns>
    private async Task<bool> ResolveUnknownOutcomeAsync(List<PendingCommit> group, Result[] results, Exception failure)
    {
        bool? committed;
        try
        {
            committed = await _db.RunAsync(
                "commit outcome check",
                (Executor: this, Group: group, Results: results),
                static (s, dataSource, ct) => s.Executor.WasCommittedAsync(dataSource, s.Group, s.Results),
                CancellationToken.None,
                migrate: false).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException)
        {
            committed = null;
        }

        if (committed == false)
        {
            return false;
        }

        if (committed == true)
        {
            return true;
        }

        var unknown = new InvalidOperationException(
            "The connection to PostgreSQL failed while the change set was being committed, and the database cannot tell whether it was; read the ticket again before repeating the change.",
            failure);
        for (var i = 0; i < group.Count; i++)
        {
            if (results[i].Error is null && !results[i].Deferred)
            {
                results[i] = new Result(default, unknown, false);
            }
        }

        return true;
    }

    /// <summary>Whether the group's transaction committed: its first new message exists, or its first ticket has the written document.</summary>
    private async Task<bool?> WasCommittedAsync(NpgsqlDataSource dataSource, List<PendingCommit> group, Result[] results)
    {
        // The transaction is all or nothing: one change set that certainly applied tells for the whole group.
        for (var i = 0; i < group.Count; i++)
        {
            if (results[i].Error is not null || results[i].Deferred || results[i].Outcome != CommitOutcome.Committed)
            {
                continue;
            }

            var changes = group[i].Changes;
            if (changes.AddedMessages.Count > 0)
            {
                using var exists = Command(dataSource, _sql.VerifyMessage, Text(changes.AddedMessages[0].Id.Value));
                return (bool)(await exists.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false))!;
            }

            if (changes.Tickets.Count > 0)
            {
                var write = changes.Tickets[0];
                using var ticket = Command(dataSource, _sql.VerifyTicket, Text(write.Ticket.Id.Value), Bytea(group[i].FirstTicketDoc!));
                var reader = await ticket.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
                    {
                        return false;
                    }

                    var version = reader.GetInt64(0);
                    if (reader.GetBoolean(1))
                    {
                        return true;
                    }

                    if (version < write.Ticket.Version)
                    {
                        return false;
                    }
                }
            }
        }

        return null;
    }

    private readonly record struct Result(CommitOutcome Outcome, Exception? Error, bool Deferred);
}
