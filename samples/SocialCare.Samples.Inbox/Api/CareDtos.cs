using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.Samples.Inbox.Api;

/// <summary>A ticket's satisfaction survey.</summary>
/// <param name="RequestedAt">When the customer was asked.</param>
/// <param name="Rating">The rating, 1 to 5, once given.</param>
/// <param name="RatedAt">When it was given.</param>
/// <param name="Agent">The agent the rating is credited to.</param>
public sealed record SatisfactionView(DateTimeOffset RequestedAt, int? Rating, DateTimeOffset? RatedAt, string? Agent);

/// <summary>A canned answer (<c>GET /api/answers</c>).</summary>
/// <param name="Name">Its name.</param>
/// <param name="Title">Its title for people.</param>
/// <param name="Languages">The languages (and language:channel variants) it has texts for.</param>
/// <param name="Keywords">The words that suggest it.</param>
/// <param name="HasTemplate">Whether it maps to an approved template for closed windows.</param>
/// <param name="Automatic">Whether the FAQ auto-responder may send it alone.</param>
public sealed record AnswerView(string Name, string Title, IReadOnlyList<string> Languages, IReadOnlyList<string> Keywords, bool HasTemplate, bool Automatic);

/// <summary>A suggested answer for a ticket (<c>GET /api/tickets/{id}/suggestions</c>), best first.</summary>
/// <param name="Name">The answer's name.</param>
/// <param name="Title">Its title.</param>
/// <param name="Score">How well it matches, 0 to 1.</param>
/// <param name="Match">What matched.</param>
public sealed record SuggestionView(string Name, string Title, double Score, string Match);

/// <summary>The body of <c>POST /api/tickets/{id}/answers</c>.</summary>
/// <param name="Name">The answer's name.</param>
/// <param name="AgentId">The agent sending it; the assignee or the first available agent when absent.</param>
/// <param name="Send">Whether to send it now as the agent's reply, rather than only render it for editing.</param>
public sealed record AnswerBody(string? Name, string? AgentId, bool Send);

/// <summary>A canned answer rendered for a ticket.</summary>
/// <param name="Name">The answer's name.</param>
/// <param name="Language">The language chosen.</param>
/// <param name="Text">The text, placeholders filled; <see langword="null"/> when a template is sent instead.</param>
/// <param name="Template">The template's name and language, where only templates may be sent.</param>
/// <param name="Mode">What the channel allows now.</param>
/// <param name="Problem">Why it cannot be sent now, or <see langword="null"/>.</param>
/// <param name="MissingPlaceholders">Placeholders no value was found for.</param>
/// <param name="MessageId">The reply's message id, when sent.</param>
public sealed record RenderedAnswerView(
    string Name,
    string Language,
    string? Text,
    string? Template,
    ReplyMode Mode,
    string? Problem,
    IReadOnlyList<string> MissingPlaceholders,
    string? MessageId);

/// <summary>A post listening recorded without a ticket (<c>GET /api/listening</c>), newest first.</summary>
/// <param name="Id">The post's id in the listening inbox.</param>
/// <param name="Channel">Its channel.</param>
/// <param name="Author">Its author's name or handle.</param>
/// <param name="Text">What it says.</param>
/// <param name="Rule">The rule that matched, if any.</param>
/// <param name="Sentiment">Its sentiment, -1 to 1.</param>
/// <param name="Reason">Why it opened no ticket.</param>
/// <param name="RecordedAt">When it was recorded.</param>
/// <param name="TicketId">The ticket opened from it, once an agent engaged.</param>
public sealed record RecordedPostView(string Id, string Channel, string Author, string Text, string? Rule, double Sentiment, string Reason, DateTimeOffset RecordedAt, string? TicketId);

/// <summary>The body of <c>POST /api/listening/{id}/engage</c>.</summary>
/// <param name="Text">The reply; empty to only open the ticket.</param>
/// <param name="Visibility"><c>public</c> (the default) or <c>private</c>.</param>
/// <param name="AgentId">The agent; the first available agent when absent.</param>
public sealed record EngageBody(string? Text, string? Visibility, string? AgentId);

/// <summary>What an engagement did.</summary>
/// <param name="TicketId">The ticket opened (or found) for the post.</param>
/// <param name="MessageId">The reply's message id, when one was sent.</param>
public sealed record EngagedView(string TicketId, string? MessageId);

/// <summary>A channel identity of a customer.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Account">The business account on it.</param>
/// <param name="UserKey">The person's id on the network.</param>
/// <param name="Name">The name the network shows.</param>
public sealed record IdentityView(string Channel, string Account, string UserKey, string? Name);

/// <summary>One change to a customer's identities.</summary>
/// <param name="Action">What changed.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who.</param>
/// <param name="Reason">Why.</param>
/// <param name="OtherCustomer">The other customer of a merge.</param>
/// <param name="Identities">The identities concerned.</param>
public sealed record LinkRecordView(IdentityLinkAction Action, DateTimeOffset At, string Actor, string Reason, string? OtherCustomer, IReadOnlyList<IdentityView> Identities);

/// <summary>A customer with their identities and link history (<c>GET /api/customers/{id}</c>).</summary>
/// <param name="Id">The customer id.</param>
/// <param name="Name">The name, when known.</param>
/// <param name="Identities">The channel identities.</param>
/// <param name="MergedInto">The customer they were merged into, if any.</param>
/// <param name="Erased">When they were erased, if they were.</param>
/// <param name="History">Who linked, unlinked or merged what, when and why.</param>
public sealed record CustomerDetailView(string Id, string? Name, IReadOnlyList<IdentityView> Identities, string? MergedInto, DateTimeOffset? Erased, IReadOnlyList<LinkRecordView> History)
{
    /// <summary>Converts a customer.</summary>
    /// <param name="customer">The customer.</param>
    /// <returns>The view.</returns>
    public static CustomerDetailView Of(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return new CustomerDetailView(
            customer.Id.Value,
            customer.DisplayName,
            [.. customer.Identities.Select(Identity)],
            customer.MergedInto?.Value,
            customer.ErasedAt,
            [.. customer.LinkHistory.Select(r => new LinkRecordView(
                r.Action,
                r.At,
                r.Actor,
                r.Reason,
                r.OtherCustomer?.Value,
                [.. (r.Identity is { } one ? [one] : r.Identities).Select(Identity)]))]);
    }

    private static IdentityView Identity(Participant p) => new(p.Channel.Value, p.Account.Value, p.UserKey.Value, p.DisplayName);
}

/// <summary>The body of <c>POST /api/customers/{id}/links</c> and <c>/unlink</c>.</summary>
/// <param name="Channel">The identity's channel.</param>
/// <param name="Account">The business account; the channel's only account when absent (see <c>GET /api/info</c>).</param>
/// <param name="UserKey">The person's id on the network.</param>
/// <param name="Reason">Why.</param>
/// <param name="AgentId">Who; the first agent when absent.</param>
public sealed record IdentityBody(string? Channel, string? Account, string? UserKey, string? Reason, string? AgentId);

/// <summary>The body of <c>POST /api/customers/{id}/merge</c>.</summary>
/// <param name="Into">The customer that remains.</param>
/// <param name="Reason">Why.</param>
/// <param name="AgentId">Who.</param>
public sealed record MergeBody(string? Into, string? Reason, string? AgentId);

/// <summary>The body of <c>POST /api/customers/{id}/unmerge</c> and <c>/erase</c>.</summary>
/// <param name="Reason">Why.</param>
/// <param name="AgentId">Who.</param>
public sealed record ReasonBody(string? Reason, string? AgentId);

/// <summary>What an erasure did (<c>POST /api/customers/{id}/erase</c>).</summary>
/// <param name="Customer">The customer as stored now.</param>
/// <param name="Tickets">Tickets anonymised.</param>
/// <param name="Messages">Messages redacted.</param>
/// <param name="Identities">Identities removed.</param>
public sealed record ErasedView(CustomerDetailView Customer, int Tickets, int Messages, int Identities);
