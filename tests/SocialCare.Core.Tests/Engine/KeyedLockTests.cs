namespace SocialCare.Core.Tests.Engine;

public class KeyedLockTests
{
    [Fact]
    public async Task Acquire_FreeKey_CompletesAtOnce_AndTheKeyIsForgottenOnRelease()
    {
        var locks = new KeyedLock<string>();
        var first = locks.AcquireAsync("a", default);
        var other = locks.AcquireAsync("b", default);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.True(other.IsCompletedSuccessfully);
        Assert.Equal(2, locks.Count);
        (await first).Dispose();
        (await other).Dispose();
        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task Waiters_GetTheKeyOneAtATime_InArrivalOrder()
    {
        var locks = new KeyedLock<string>();
        var held = await locks.AcquireAsync("a", default);
        List<int> order = [];
        var waiters = Enumerable.Range(0, 5).Select(async i =>
        {
            using var _ = await locks.AcquireAsync("a", default);
            order.Add(i);
            await Task.Yield();
        }).ToList();

        Assert.All(waiters, w => Assert.False(w.IsCompleted));
        held.Dispose();
        await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([0, 1, 2, 3, 4], order);
        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task CancelledWaiter_LeavesTheLine_AndTheNextOneStillGetsTheKey()
    {
        var locks = new KeyedLock<string>();
        var held = await locks.AcquireAsync("a", default);
        using var cancel = new CancellationTokenSource();
        var quitter = locks.AcquireAsync("a", cancel.Token).AsTask();
        var patient = locks.AcquireAsync("a", default).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => quitter);
        Assert.False(patient.IsCompleted);
        held.Dispose();
        (await patient.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();

        Assert.Equal(0, locks.Count);
    }

    [Fact]
    public async Task ManyTasks_NeverHoldAKeyTogether()
    {
        var locks = new KeyedLock<int>();
        var inside = new int[4];
        var overlaps = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                var key = (i + worker) % 4;
                using var _ = await locks.AcquireAsync(key, default);
                if (Interlocked.Increment(ref inside[key]) != 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                if (i % 7 == 0)
                {
                    await Task.Yield();
                }

                Interlocked.Decrement(ref inside[key]);
            }
        })));

        Assert.Equal(0, overlaps);
        Assert.Equal(0, locks.Count);
    }
}
