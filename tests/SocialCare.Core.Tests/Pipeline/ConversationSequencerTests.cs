namespace SocialCare.Core.Tests.Pipeline;

public class ConversationSequencerTests
{
    private static readonly ConversationRef A = new(ChannelId.X, new ChannelAccountId("brand"), new ThreadId("a"), ConversationVisibility.Private);
    private static readonly ConversationRef B = A with { Thread = new ThreadId("b") };

    [Fact]
    public async Task Run_SameConversation_RunsOneAtATimeInSubmissionOrder()
    {
        var sequencer = new ConversationSequencer();
        var order = new List<int>();
        var running = 0;
        var maxRunning = 0;

        var tasks = Enumerable.Range(0, 50).Select(i => sequencer.RunAsync(A, i, async (n, _) =>
        {
            maxRunning = Math.Max(maxRunning, Interlocked.Increment(ref running));
            await Task.Delay(Random.Shared.Next(2));
            order.Add(n);
            Interlocked.Decrement(ref running);
            return n;
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(tasks);

        Assert.Equal(Enumerable.Range(0, 50), order);
        Assert.Equal(1, maxRunning);
        Assert.Equal(0, sequencer.ActiveConversations);
    }

    [Fact]
    public async Task Run_OtherConversation_IsNotBlockedBySlowOne()
    {
        var sequencer = new ConversationSequencer();
        var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        var slow = sequencer.RunAsync(A, gate, async (g, _) => await g.Task, CancellationToken.None);
        var fast = await sequencer.RunAsync(B, 42, (n, _) => Task.FromResult(n), CancellationToken.None);

        Assert.Equal(42, fast);
        Assert.False(slow.IsCompleted);
        gate.SetResult(true);
        Assert.True(await slow);
    }

    [Fact]
    public async Task Run_PredecessorFails_SuccessorStillRuns()
    {
        var sequencer = new ConversationSequencer();

        var failing = sequencer.RunAsync<int, int>(A, 0, async (_, _) => { await Task.Yield(); throw new InvalidOperationException("boom"); }, CancellationToken.None);
        var next = sequencer.RunAsync(A, 1, (n, _) => Task.FromResult(n), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal(1, await next);
    }

    [Fact]
    public async Task Run_CancelledWhileWaiting_DoesNotOvertakeItsPredecessor()
    {
        var sequencer = new ConversationSequencer();
        var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var order = new List<string>();
        using var cts = new CancellationTokenSource();

        var first = sequencer.RunAsync(A, gate, async (g, _) => { await g.Task; order.Add("first"); return 1; }, CancellationToken.None);
        var cancelled = sequencer.RunAsync(A, 2, (n, _) => { order.Add("cancelled"); return Task.FromResult(n); }, cts.Token);
        var third = sequencer.RunAsync(A, 3, (n, _) => { order.Add("third"); return Task.FromResult(n); }, CancellationToken.None);
        await cts.CancelAsync();
        gate.SetResult(true);

        await first;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await third;
        Assert.Equal(new[] { "first", "third" }, order);
    }
}
