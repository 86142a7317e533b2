namespace SocialCare.Samples.Console.Lifecycle;

/// <summary>
/// The demo's clock: it stands still at the script's current moment and moves only when the script says so, so that
/// the widget's callbacks, the agents' actions and the events all happen on the same (scripted) day.
/// </summary>
/// <remarks>
/// Registered as the <see cref="TimeProvider"/> before <c>AddSocialCare()</c>, which then keeps it. A real host keeps
/// <see cref="TimeProvider.System"/>. Timers (the background scheduler's waits) still run in real time.
/// </remarks>
internal sealed class ScriptClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    /// <summary>Moves the clock forward to a moment of the script.</summary>
    /// <param name="moment">The new current time; not earlier than the current one.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="moment"/> is earlier than the current time.</exception>
    public void MoveTo(DateTimeOffset moment)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(moment, GetUtcNow());
        Interlocked.Exchange(ref _utcTicks, moment.UtcTicks);
    }
}
