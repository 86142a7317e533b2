namespace SocialCare.Testing.Tests;

public class FakeTimeProviderTests
{
    [Fact]
    public void Advance_MovesUtcNowAndTimestamps()
    {
        var time = new FakeTimeProvider();
        var started = time.GetTimestamp();

        time.Advance(TimeSpan.FromMinutes(90));

        Assert.Equal(FakeTimeProvider.DefaultStart.AddMinutes(90), time.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(90), time.GetElapsedTime(started));
    }

    [Fact]
    public void Timer_FiresOnlyWhenDue_AtItsDueTime()
    {
        var time = new FakeTimeProvider();
        var fired = new List<DateTimeOffset>();
        using var timer = time.CreateTimer(_ => fired.Add(time.GetUtcNow()), null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromMinutes(59));
        Assert.Empty(fired);
        time.Advance(TimeSpan.FromHours(5));

        Assert.Equal(new[] { FakeTimeProvider.DefaultStart.AddHours(1) }, fired);
        Assert.Equal(FakeTimeProvider.DefaultStart.AddHours(5).AddMinutes(59), time.GetUtcNow());
    }

    [Fact]
    public void PeriodicTimer_FiresOncePerPeriodInOrder()
    {
        var time = new FakeTimeProvider();
        var fired = 0;
        using var timer = time.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));

        time.Advance(TimeSpan.FromMinutes(35));

        Assert.Equal(3, fired);
    }

    [Fact]
    public void Timers_FireInDueOrder()
    {
        var time = new FakeTimeProvider();
        var order = new List<string>();
        using var late = time.CreateTimer(_ => order.Add("late"), null, TimeSpan.FromSeconds(20), Timeout.InfiniteTimeSpan);
        using var early = time.CreateTimer(_ => order.Add("early"), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(new[] { "early", "late" }, order);
    }

    [Fact]
    public void Timer_ChangedOrDisposed_DoesNotFire()
    {
        var time = new FakeTimeProvider();
        var fired = 0;
        var changed = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        var disposed = time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        changed.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        disposed.Dispose();
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, fired);
        changed.Dispose();
    }

    [Fact]
    public async Task Delay_CompletesWhenTimeAdvances()
    {
        var time = new FakeTimeProvider();

        var delay = Task.Delay(TimeSpan.FromDays(3), time);
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromDays(3));

        await delay.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void SetUtcNow_Backwards_Throws()
    {
        var time = new FakeTimeProvider();

        Assert.Throws<ArgumentOutOfRangeException>(() => time.SetUtcNow(FakeTimeProvider.DefaultStart.AddSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => time.Advance(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void LocalTimeZone_CanBeSet()
    {
        var rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");
        var time = new FakeTimeProvider { LocalTimeZoneOverride = rome };

        Assert.Equal(FakeTimeProvider.DefaultStart.AddHours(1).Hour, time.GetLocalNow().Hour);
    }
}
