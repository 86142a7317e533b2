using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>
/// The canned answers: suggestions for a customer's message (keywords and FAQ questions, in Italian and English, best
/// first) and rendering an answer into what the ticket's channel allows right now.
/// </summary>
/// <remarks>Registered by <c>AddSocialCare()</c> from <see cref="SocialCareOptions.Answers"/>. Thread-safe.</remarks>
public interface ICannedAnswers
{
    /// <summary>Gets the answers, in the configured order.</summary>
    IReadOnlyList<CannedAnswer> Answers { get; }

    /// <summary>Suggests answers for a text, best first.</summary>
    /// <param name="text">The customer's words.</param>
    /// <param name="max">How many at most; <see cref="CannedAnswerOptions.MaxSuggestions"/> when <see langword="null"/>.</param>
    /// <returns>The answers scoring at least <see cref="CannedAnswerOptions.MinimumScore"/>, best first (ties by configured order).</returns>
    IReadOnlyList<AnswerSuggestion> Suggest(string text, int? max = null);

    /// <summary>Suggests answers for a ticket's latest customer message.</summary>
    /// <param name="ticket">The ticket.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The suggestions, best first; empty when the ticket has no customer message with text.</returns>
    Task<IReadOnlyList<AnswerSuggestion>> SuggestAsync(TicketId ticket, CancellationToken cancellationToken = default);

    /// <summary>
    /// Renders an answer for a ticket: the text in the customer's language (and the channel's variant), placeholders
    /// filled; or, where only templates may be sent, the answer's approved template with its parameters.
    /// </summary>
    /// <param name="name">The answer's name.</param>
    /// <param name="ticket">The ticket the answer is for.</param>
    /// <param name="agent">The agent who sends it, for <c>{agent.name}</c>; <see langword="null"/> for the bot.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The rendered answer; <see cref="RenderedAnswer.Problem"/> says when it cannot be sent now.</returns>
    /// <exception cref="KeyNotFoundException">No answer has that name, or no ticket that id.</exception>
    Task<RenderedAnswer> RenderAsync(string name, TicketId ticket, AgentId? agent, CancellationToken cancellationToken = default);
}

/// <summary>A suggested answer.</summary>
/// <param name="Answer">The answer.</param>
/// <param name="Score">How well it matches, 0 to 1.</param>
/// <param name="Match">What matched, for people: <c>keyword: prezzo</c>, or <c>question: How much does it cost?</c>.</param>
public sealed record AnswerSuggestion(CannedAnswer Answer, double Score, string Match);

/// <summary>An answer rendered for one ticket; give <see cref="Parts"/> and <see cref="Template"/> to <c>ReplyAsync</c>.</summary>
/// <param name="Name">The answer's name.</param>
/// <param name="Language">The language chosen.</param>
/// <param name="Parts">The content; empty when a template is sent instead.</param>
/// <param name="Template">The template to send, where only templates may be sent.</param>
/// <param name="Mode">What the channel allows now.</param>
public sealed record RenderedAnswer(string Name, string Language, IReadOnlyList<MessagePart> Parts, MessageTemplate? Template, ReplyMode Mode)
{
    /// <summary>Gets why the answer cannot be sent now (no template mapped outside the window, nothing may be sent), or <see langword="null"/>.</summary>
    public string? Problem { get; init; }

    /// <summary>Gets the placeholders no value was found for (rendered empty).</summary>
    public IReadOnlyList<string> MissingPlaceholders { get; init; } = [];
}

/// <summary>What a placeholder is filled for.</summary>
/// <param name="Ticket">The ticket.</param>
/// <param name="Customer">The customer, when known.</param>
/// <param name="Agent">The agent sending, or <see langword="null"/> for the bot.</param>
/// <param name="Language">The language of the answer.</param>
public sealed record CannedAnswerContext(Ticket Ticket, Customer? Customer, Agent? Agent, string Language);

/// <summary>
/// Fills the host's own placeholders in canned answers (<c>{order.status}</c>, <c>{store.nearest}</c>) from its systems.
/// Register any number as singletons of this interface; the first value found is used. Must be thread-safe.
/// </summary>
public interface ICannedAnswerValues
{
    /// <summary>Gives the value of a placeholder, or <see langword="null"/> when this provider does not know it.</summary>
    /// <param name="placeholder">The name between the braces, for example <c>order.status</c>.</param>
    /// <param name="context">The ticket, customer, agent and language.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    ValueTask<string?> GetValueAsync(string placeholder, CannedAnswerContext context, CancellationToken cancellationToken);
}
