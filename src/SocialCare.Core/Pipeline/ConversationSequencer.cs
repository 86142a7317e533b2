using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>
/// Runs work for one conversation one item at a time, in the order the items were submitted; work for different
/// conversations runs in parallel.
/// </summary>
/// <remarks>
/// Each submission becomes the new tail of its conversation's chain, under a lock, at the moment it is submitted; it
/// starts once the previous tail has finished. Conversations with nothing in flight take no memory.
/// </remarks>
internal sealed class ConversationSequencer
{
    private readonly Dictionary<ConversationRef, Task> _tails = [];
    private readonly Lock _gate = new();

    /// <summary>Gets how many conversations have work in flight.</summary>
    public int ActiveConversations
    {
        get
        {
            lock (_gate)
            {
                return _tails.Count;
            }
        }
    }

    public async Task<TResult> RunAsync<TState, TResult>(
        ConversationRef conversation,
        TState state,
        Func<TState, CancellationToken, Task<TResult>> work,
        CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task? previous;
        lock (_gate)
        {
            _tails.TryGetValue(conversation, out previous);
            _tails[conversation] = done.Task;
        }

        try
        {
            if (previous is not null)
            {
                // Wait for the predecessor even when cancelled: finishing early would let our successor overtake it.
                await previous.ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            return await work(state, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                if (_tails.TryGetValue(conversation, out var tail) && ReferenceEquals(tail, done.Task))
                {
                    _tails.Remove(conversation);
                }
            }

            done.SetResult();
        }
    }
}
