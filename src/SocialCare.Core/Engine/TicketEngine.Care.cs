using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>The care features' part of the engine: tickets opened from recorded mentions.</summary>
internal sealed partial class TicketEngine : ITicketOpener
{
    public Task<Ticket> OpenFromPostAsync(MessageReceived post, Customer customer, string reason, CancellationToken cancellationToken)
        => throw new NotSupportedException("Opening a ticket from a recorded post is not written yet.");
}
