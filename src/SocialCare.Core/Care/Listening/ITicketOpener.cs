using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>Opens a ticket from a public post that listening recorded without one (an agent engages with a mention).</summary>
/// <remarks>Implemented by the ticket engine.</remarks>
internal interface ITicketOpener
{
    /// <summary>
    /// Opens (or joins) the customer's ticket on the post's conversation with the post as its first message, as if the
    /// listening triage had said yes. Idempotent: a post already on a ticket returns that ticket.
    /// </summary>
    /// <param name="post">The recorded post (origin <see cref="MessageOrigin.Listening"/>).</param>
    /// <param name="customer">The post's author as the customer directory resolved them.</param>
    /// <param name="reason">Why, for the ticket's history.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The ticket holding the post.</returns>
    Task<Ticket> OpenFromPostAsync(MessageReceived post, Customer customer, string reason, CancellationToken cancellationToken);
}
