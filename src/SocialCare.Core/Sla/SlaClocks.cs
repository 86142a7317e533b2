using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>
/// Runs a ticket's SLA clocks: picks the policy, starts, pauses, resumes and stops clocks as the ticket changes, and
/// raises warnings and breaches when they fall due. Pure functions of the ticket, the options and the time.
/// </summary>
internal sealed class SlaClocks
{
    private static readonly SlaMetric[] Metrics = [SlaMetric.FirstResponse, SlaMetric.NextResponse, SlaMetric.Resolution];
    private readonly SlaOptions _options;

    public SlaClocks(SlaOptions options) => _options = options;

    public bool Enabled => _options.Policies.Count > 0;

    /// <summary>Brings the clocks in line with the ticket as it is now: the policy for its priority and channel, and which clocks run.</summary>
    public Ticket Reconcile(Ticket ticket, DateTimeOffset now)
    {
        if (!Enabled)
        {
            return ticket;
        }

        var policy = FindPolicy(ticket);
        var sla = ticket.Sla;
        if (policy is null)
        {
            return sla is null ? ticket : ticket with { Sla = null };
        }

        var calendar = CalendarOf(policy);
        if (sla is null || !string.Equals(sla.Policy, policy.Name, StringComparison.Ordinal))
        {
            sla = ChangePolicy(sla, policy, now, calendar);
        }

        foreach (var metric in Metrics)
        {
            var clock = sla.Get(metric);
            if (clock is null)
            {
                continue;
            }

            sla = sla.With(metric, Drive(ticket, clock, now, calendar));
        }

        return ticket with { Sla = sla };
    }

    /// <summary>Raises the warnings and breaches that are due at <paramref name="now"/>, each at the instant it fell due.</summary>
    public Ticket RaiseDue(Ticket ticket, DateTimeOffset now, List<TicketEvent> events)
    {
        if (ticket.Sla is not { } sla)
        {
            return ticket;
        }

        foreach (var metric in Metrics)
        {
            if (sla.Get(metric) is not { IsRunning: true } clock)
            {
                continue;
            }

            if (!clock.Warned && clock.WarnAt is { } warnAt && warnAt <= now)
            {
                clock = clock with { Warned = true };
                events.Add(new SlaWarning(ticket.Id, warnAt, metric, clock.DueAt ?? warnAt));
            }

            if (clock.BreachedAt is null && clock.DueAt is { } dueAt && dueAt <= now)
            {
                clock = clock with { BreachedAt = dueAt, Warned = true };
                events.Add(new SlaBreached(ticket.Id, dueAt, metric, dueAt));
            }

            sla = sla.With(metric, clock);
        }

        return ticket with { Sla = sla };
    }

    /// <summary>The next instant a running clock warns or breaches.</summary>
    public static DateTimeOffset? NextDue(TicketSla? sla)
    {
        if (sla is null)
        {
            return null;
        }

        DateTimeOffset? next = null;
        foreach (var metric in Metrics)
        {
            if (sla.Get(metric) is not { IsRunning: true } clock)
            {
                continue;
            }

            if (!clock.Warned && clock.WarnAt is { } warn)
            {
                next = Min(next, warn);
            }

            if (clock.BreachedAt is null && clock.DueAt is { } due)
            {
                next = Min(next, due);
            }
        }

        return next;
    }

    internal static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b)
        => a is null ? b : b is null ? a : (a.Value <= b.Value ? a : b);

    private SlaPolicy? FindPolicy(Ticket ticket)
    {
        foreach (var policy in _options.Policies)
        {
            if (policy.Matches(ticket.Priority, ticket.Conversation.Channel))
            {
                return policy;
            }
        }

        return null;
    }

    private BusinessCalendar CalendarOf(SlaPolicy policy)
        => policy.Calendar is { } name && _options.Calendars.TryGetValue(name, out var calendar) ? calendar : BusinessCalendar.AlwaysOpen;

    /// <summary>A new policy (first one, or another after a priority change): keep the time each clock has used, take the new targets.</summary>
    private static TicketSla ChangePolicy(TicketSla? old, SlaPolicy policy, DateTimeOffset now, BusinessCalendar calendar)
    {
        var sla = new TicketSla(policy.Name);
        foreach (var metric in Metrics)
        {
            if (policy.Target(metric) is not { } target)
            {
                continue;
            }

            var previous = old?.Get(metric);
            var clock = previous is null
                ? new SlaClock(metric, target)
                : Pause(previous, now, calendar) with { Target = target, Warned = false, WarnAt = null, DueAt = null };
            if (previous is { BreachedAt: not null })
            {
                clock = clock with { Warned = true };
            }

            sla = sla.With(metric, clock);
        }

        return sla;
    }

    private SlaClock Drive(Ticket ticket, SlaClock clock, DateTimeOffset now, BusinessCalendar calendar)
    {
        var working = ticket.State is TicketState.New or TicketState.Open;
        switch (clock.Metric)
        {
            case SlaMetric.FirstResponse:
                if (clock.StoppedAt is not null)
                {
                    return clock;
                }

                if (ticket.FirstResponseAt is { } answered)
                {
                    return Stop(clock, answered, calendar);
                }

                return !ticket.IsActive || ticket.State == TicketState.Resolved ? Stop(clock, now, calendar) : Run(clock, working, now, calendar);

            case SlaMetric.NextResponse:
                var awaiting = ticket.FirstResponseAt is not null
                    && ticket.LastCustomerMessageAt is { } customer
                    && (ticket.LastAgentMessageAt is not { } agent || customer > agent);
                if (awaiting && clock.StoppedAt is not null)
                {
                    // A new question after an answer: a fresh run towards the next answer.
                    clock = new SlaClock(clock.Metric, clock.Target);
                }

                if (!awaiting)
                {
                    return clock.StoppedAt is null && (clock.IsRunning || clock.Used > TimeSpan.Zero)
                        ? Stop(clock, ticket.LastAgentMessageAt ?? now, calendar)
                        : clock;
                }

                return Run(clock, working, now, calendar);

            default:
                if (ticket.State is TicketState.Resolved or TicketState.Closed or TicketState.Merged)
                {
                    return clock.StoppedAt is null ? Stop(clock, now, calendar) : clock;
                }

                if (clock.StoppedAt is not null)
                {
                    // Reopened: the resolution clock goes on from where it stopped.
                    clock = clock with { StoppedAt = null };
                }

                return Run(clock, working, now, calendar);
        }
    }

    private SlaClock Run(SlaClock clock, bool shouldRun, DateTimeOffset now, BusinessCalendar calendar)
    {
        if (shouldRun == clock.IsRunning)
        {
            return clock;
        }

        return shouldRun ? Resume(clock, now, calendar) : Pause(clock, now, calendar);
    }

    private SlaClock Resume(SlaClock clock, DateTimeOffset now, BusinessCalendar calendar)
    {
        var remaining = clock.Target - clock.Used;
        var warnShare = TimeSpan.FromTicks((long)(clock.Target.Ticks * _options.WarningShare));
        var warnRemaining = warnShare - clock.Used;
        return clock with
        {
            RunningSince = now,
            DueAt = clock.BreachedAt is null ? calendar.AddBusinessTime(now, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero) : null,
            WarnAt = clock.Warned ? null : calendar.AddBusinessTime(now, warnRemaining > TimeSpan.Zero ? warnRemaining : TimeSpan.Zero),
        };
    }

    private static SlaClock Pause(SlaClock clock, DateTimeOffset now, BusinessCalendar calendar)
    {
        if (clock.RunningSince is not { } since)
        {
            return clock;
        }

        return clock with
        {
            Used = clock.Used + calendar.GetBusinessTime(since, now),
            RunningSince = null,
            WarnAt = null,
            DueAt = null,
        };
    }

    private static SlaClock Stop(SlaClock clock, DateTimeOffset at, BusinessCalendar calendar)
        => Pause(clock, at, calendar) with { StoppedAt = at };
}
