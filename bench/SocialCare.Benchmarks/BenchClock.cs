namespace SocialCare.Benchmarks;

/// <summary>
/// A clock that moves only when told to, for the send benchmarks: each send moves it on by a fixed step, so that the
/// senders' rate limiters (WhatsApp's 80 messages per second per number, its pacer per customer) see the pace of a
/// realistic outbox rather than the millions of sends per second a benchmark loop reaches, and never make a send wait.
/// </summary>
/// <remarks>
/// Only the time read is simulated: timers (Polly's time-outs, <see cref="Task.Delay(TimeSpan, TimeProvider)"/>) are the
/// system's, as with <see cref="TimeProvider.System"/>. Thread-safe.
/// </remarks>
internal sealed class BenchClock : TimeProvider
{
    private long _ticks;

    public BenchClock(DateTimeOffset start) => _ticks = start.UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    /// <summary>Moves the clock on.</summary>
    public void Advance(TimeSpan step) => Interlocked.Add(ref _ticks, step.Ticks);
}
