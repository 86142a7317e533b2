namespace SocialCare.Abstractions;

/// <summary>The base of the failures SocialCare reports that callers may want to handle.</summary>
public abstract class SocialCareException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SocialCareException"/> class.</summary>
    protected SocialCareException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SocialCareException"/> class.</summary>
    /// <param name="message">The message.</param>
    protected SocialCareException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SocialCareException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    protected SocialCareException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A ticket was saved by someone else since it was read: read it again and retry.</summary>
public sealed class TicketConcurrencyException : SocialCareException
{
    /// <summary>Initializes a new instance of the <see cref="TicketConcurrencyException"/> class.</summary>
    public TicketConcurrencyException()
        : base("The ticket was changed by another writer.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TicketConcurrencyException"/> class.</summary>
    /// <param name="message">The message.</param>
    public TicketConcurrencyException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TicketConcurrencyException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TicketConcurrencyException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TicketConcurrencyException"/> class.</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="expectedVersion">The version the writer read.</param>
    /// <param name="actualVersion">The version stored; 0 when the ticket does not exist.</param>
    public TicketConcurrencyException(TicketId ticketId, long expectedVersion, long actualVersion)
        : base($"Ticket {ticketId} is at version {actualVersion}, not the expected {expectedVersion}.")
    {
        TicketId = ticketId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Gets the ticket, when known.</summary>
    public TicketId? TicketId { get; }

    /// <summary>Gets the version the writer read.</summary>
    public long ExpectedVersion { get; }

    /// <summary>Gets the version stored; 0 when the ticket does not exist.</summary>
    public long ActualVersion { get; }
}
