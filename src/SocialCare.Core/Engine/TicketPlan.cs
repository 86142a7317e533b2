using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>One ticket being changed in a plan: its current draft and the version it was read at.</summary>
internal sealed class TicketWork(Ticket ticket, long expectedVersion)
{
    public Ticket Ticket { get; set; } = ticket;

    public long ExpectedVersion { get; } = expectedVersion;

    public bool IsNew => ExpectedVersion == 0;

    /// <summary>The ticket as read, to tell whether anything changed.</summary>
    public Ticket? Original { get; } = expectedVersion == 0 ? null : ticket;
}

/// <summary>Everything one engine operation changes, saved in one commit and published after it, in order.</summary>
internal sealed class TicketPlan
{
    public IdempotencyKey? Event { get; init; }

    public List<TicketWork> Works { get; } = [];

    public List<Message> Added { get; } = [];

    public List<Message> Updated { get; } = [];

    public List<TicketHistoryEntry> History { get; } = [];

    public List<OutboxEntry> Outbox { get; } = [];

    public List<TicketEvent> Events { get; } = [];

    /// <summary>Set when a change frees agent capacity, so that the queue is drained after the commit.</summary>
    public bool FreesCapacity { get; set; }

    /// <summary>Set when the plan needs an agent chosen under the assignment lock before it commits.</summary>
    public TicketWork? NeedsAssignment { get; set; }

    public TicketWork Add(Ticket ticket, long expectedVersion)
    {
        var work = new TicketWork(ticket, expectedVersion);
        Works.Add(work);
        return work;
    }

    /// <summary>The plan's work on a ticket, or <see langword="null"/> (loops here and below: a lambda would allocate a closure per event; issue 9).</summary>
    public TicketWork? WorkOn(TicketId id)
    {
        foreach (var work in Works)
        {
            if (work.Ticket.Id == id)
            {
                return work;
            }
        }

        return null;
    }

    /// <summary>Whether the plan adds or changes messages of a ticket: then the ticket is saved too, so that its version guards them.</summary>
    public bool Touches(TicketId id)
    {
        foreach (var message in Added)
        {
            if (message.TicketId == id)
            {
                return true;
            }
        }

        foreach (var message in Updated)
        {
            if (message.TicketId == id)
            {
                return true;
            }
        }

        return false;
    }

    public bool IsEmpty => Works.TrueForAll(w => !w.IsNew && ReferenceEquals(w.Ticket, w.Original)) && Added.Count == 0 && Updated.Count == 0 && Outbox.Count == 0 && Events.Count == 0;
}
