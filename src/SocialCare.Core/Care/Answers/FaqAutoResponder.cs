using System.Globalization;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>
/// The built-in <see cref="IAutoResponder"/>: answers a customer's message with the best canned answer when it matches
/// with at least <see cref="AutoReplyOptions.FaqConfidence"/> and the answer is <see cref="CannedAnswer.Automatic"/>.
/// Replaced by the host's own responder (<c>AddAutoResponder&lt;T&gt;()</c>), which may use <see cref="ICannedAnswers"/> too.
/// </summary>
internal sealed class FaqAutoResponder(AnswerIndex index, AnswerRenderer renderer, IAgentDirectory agents, IOptions<SocialCareOptions> options) : IAutoResponder
{
    private readonly double _confidence = options.Value.AutoReply.FaqConfidence;

    public async ValueTask<AutoResponse?> RespondAsync(AutoResponderContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (index.Answers.Count == 0 || CannedAnswers.TextOf(context.Message.Parts) is not { } text)
        {
            return null;
        }

        var best = index.Suggest(text, 1);
        if (best.Count == 0 || best[0].Score < _confidence || !best[0].Answer.Automatic)
        {
            return null;
        }

        var answer = best[0].Answer;
        var language = renderer.LanguageFor(context.Customer, text);
        var agent = context.Ticket.Assignee is { } assignee ? await agents.GetAsync(assignee, cancellationToken).ConfigureAwait(false) : null;
        var template = AnswerRenderer.TextFor(answer, language, context.Ticket.Conversation.Channel);
        if (string.IsNullOrWhiteSpace(template))
        {
            return null;
        }

        var (filled, missing) = await renderer.FillAsync(template, new CannedAnswerContext(context.Ticket, context.Customer, agent, language), cancellationToken).ConfigureAwait(false);
        if (missing.Count > 0)
        {
            // An answer with a hole in it is worse than none: a person answers instead.
            return null;
        }

        return new AutoResponse([new TextPart(filled)])
        {
            Resolves = answer.Resolves,
            Reason = string.Create(CultureInfo.InvariantCulture, $"FAQ '{answer.Name}' ({best[0].Score:0.00}, {best[0].Match})"),
        };
    }
}
