namespace SocialCare.Abstractions;

/// <summary>What an SLA clock measures.</summary>
public enum SlaMetric
{
    /// <summary>From the ticket's first customer message to the first answer by a person.</summary>
    FirstResponse = 0,

    /// <summary>From a customer's message that follows an answer to the next answer by a person.</summary>
    NextResponse = 1,

    /// <summary>From the ticket's opening to its resolution.</summary>
    Resolution = 2,
}

/// <summary>One SLA clock of a ticket: a target, the business time used so far, and when it warns and falls due.</summary>
/// <param name="Metric">What the clock measures.</param>
/// <param name="Target">The time allowed, in business time of the policy's calendar.</param>
/// <remarks>
/// A running clock has <see cref="RunningSince"/>, <see cref="WarnAt"/> and <see cref="DueAt"/> set; a paused one (the
/// ticket is Pending or OnHold) keeps the business time it has used in <see cref="Used"/>; a stopped one has
/// <see cref="StoppedAt"/>. Immutable: changes produce new instances.
/// </remarks>
public sealed record SlaClock(SlaMetric Metric, TimeSpan Target)
{
    /// <summary>Gets the business time used before <see cref="RunningSince"/> (the clock's earlier running spans).</summary>
    public TimeSpan Used { get; init; }

    /// <summary>Gets when the clock last started or resumed; <see langword="null"/> when it is paused or stopped.</summary>
    public DateTimeOffset? RunningSince { get; init; }

    /// <summary>Gets when the warning falls due while the clock runs.</summary>
    public DateTimeOffset? WarnAt { get; init; }

    /// <summary>Gets when the target is reached while the clock runs.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Gets when the clock stopped because its goal was reached (an answer was sent, the ticket was resolved).</summary>
    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>Gets a value indicating whether the warning was raised for the current run towards the target.</summary>
    public bool Warned { get; init; }

    /// <summary>Gets when the target was missed, when it was.</summary>
    public DateTimeOffset? BreachedAt { get; init; }

    /// <summary>Gets a value indicating whether the clock is running.</summary>
    public bool IsRunning => RunningSince is not null;
}

/// <summary>The SLA clocks of a ticket and the policy that set them.</summary>
/// <param name="Policy">The name of the SLA policy that applies.</param>
public sealed record TicketSla(string Policy)
{
    /// <summary>Gets the first-response clock, when the policy has that target.</summary>
    public SlaClock? FirstResponse { get; init; }

    /// <summary>Gets the next-response clock, when the policy has that target.</summary>
    public SlaClock? NextResponse { get; init; }

    /// <summary>Gets the resolution clock, when the policy has that target.</summary>
    public SlaClock? Resolution { get; init; }

    /// <summary>Gets one clock by metric.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>The clock, or <see langword="null"/> when the policy has no such target.</returns>
    public SlaClock? Get(SlaMetric metric) => metric switch
    {
        SlaMetric.FirstResponse => FirstResponse,
        SlaMetric.NextResponse => NextResponse,
        SlaMetric.Resolution => Resolution,
        _ => null,
    };

    /// <summary>Returns a copy with one clock replaced.</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="clock">The new clock.</param>
    /// <returns>The changed copy.</returns>
    public TicketSla With(SlaMetric metric, SlaClock? clock) => metric switch
    {
        SlaMetric.FirstResponse => this with { FirstResponse = clock },
        SlaMetric.NextResponse => this with { NextResponse = clock },
        SlaMetric.Resolution => this with { Resolution = clock },
        _ => this,
    };
}
