namespace SocialCare.Core;

/// <summary>An async mutex per key: an entry exists while the key is held, and lists who waits for it, in order.</summary>
/// <remarks>
/// One short lock guards every key's entry. Taking a free key allocates its entry only (no semaphore, no task), and
/// handing a key over completes the next waiter's task outside that lock, so waiters never run under it.
/// </remarks>
internal sealed class KeyedLock<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedList<Waiter>> _held = [];
    private readonly Lock _gate = new();

    /// <summary>Gets how many keys are held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    public ValueTask<Releaser> AcquireAsync(TKey key, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_gate)
        {
            if (!_held.TryGetValue(key, out var waiters))
            {
                _held.Add(key, []);
                return new ValueTask<Releaser>(new Releaser(this, key));
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new Waiter(this);
            waiter.Node = waiters.AddLast(waiter);
        }

        return WaitAsync(key, waiter, cancellationToken);
    }

    private async ValueTask<Releaser> WaitAsync(TKey key, Waiter waiter, CancellationToken cancellationToken)
    {
        using (cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Abandon(token), waiter))
        {
            await waiter.Task.ConfigureAwait(false);
        }

        return new Releaser(this, key);
    }

    private void Release(TKey key)
    {
        Waiter? next = null;
        lock (_gate)
        {
            var waiters = _held[key];
            if (waiters.First is { } first)
            {
                next = first.Value;
                waiters.RemoveFirst();
                next.Node = null;
            }
            else
            {
                _held.Remove(key);
            }
        }

        // The key stays held: ownership passes to the next waiter.
        next?.TrySetResult();
    }

    private sealed class Waiter(KeyedLock<TKey> owner) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        /// <summary>Gets or sets the waiter's place in its key's line; <see langword="null"/> once it left the line.</summary>
        public LinkedListNode<Waiter>? Node { get; set; }

        /// <summary>Leaves the line when the caller gives up; a waiter already handed the key keeps it.</summary>
        public void Abandon(CancellationToken cancellationToken)
        {
            lock (owner._gate)
            {
                if (Node?.List is not { } line)
                {
                    return;
                }

                line.Remove(Node);
                Node = null;
            }

            TrySetCanceled(cancellationToken);
        }
    }

    internal readonly struct Releaser(KeyedLock<TKey> owner, TKey key) : IDisposable
    {
        public void Dispose() => owner?.Release(key);
    }
}
