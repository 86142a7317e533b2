using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>The <see cref="ICannedAnswers"/>: suggestions from the index, rendering for what the ticket's channel allows now.</summary>
internal sealed class CannedAnswers(
    AnswerIndex index,
    AnswerRenderer renderer,
    ITicketEngine engine,
    ITicketStore store,
    ICustomerDirectory customers,
    IAgentDirectory agents) : ICannedAnswers
{
    public IReadOnlyList<CannedAnswer> Answers => index.Answers;

    public IReadOnlyList<AnswerSuggestion> Suggest(string text, int? max = null) => index.Suggest(text, max);

    public async Task<IReadOnlyList<AnswerSuggestion>> SuggestAsync(TicketId ticket, CancellationToken cancellationToken = default)
    {
        var text = await LatestCustomerTextAsync(ticket, cancellationToken).ConfigureAwait(false);
        return text is null ? [] : index.Suggest(text, null);
    }

    public async Task<RenderedAnswer> RenderAsync(string name, TicketId ticket, AgentId? agent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var answer = index.Find(name) ?? throw new KeyNotFoundException($"No canned answer named '{name}'.");
        var current = await store.GetAsync(ticket, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"No ticket {ticket}.");
        var customer = await customers.GetAsync(current.Customer, cancellationToken).ConfigureAwait(false);
        var sender = agent is { } id ? await agents.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        var language = renderer.LanguageFor(customer, await LatestCustomerTextAsync(ticket, cancellationToken).ConfigureAwait(false));
        var context = new CannedAnswerContext(current, customer, sender, language);
        var options = await engine.GetReplyOptionsAsync(ticket, cancellationToken).ConfigureAwait(false);
        var mode = options?.Mode ?? ReplyMode.Nothing;

        if (mode == ReplyMode.TemplateRequired)
        {
            if (answer.Template is not { } template)
            {
                return new RenderedAnswer(answer.Name, language, [], null, mode)
                {
                    Problem = $"Only approved templates may be sent now ({options!.Reason}), and the answer '{answer.Name}' maps to none.",
                };
            }

            List<TemplateParameter> parameters = [];
            List<string> missing = [];
            foreach (var parameter in template.BodyParameters)
            {
                var (value, absent) = await renderer.FillAsync(parameter, context, cancellationToken).ConfigureAwait(false);
                parameters.Add(new TemplateParameter(TemplateParameterKind.Text, value));
                missing.AddRange(absent);
            }

            var code = template.Languages.TryGetValue(language, out var mapped) ? mapped : language;
            var message = new MessageTemplate(template.Name, code)
            {
                Components = parameters.Count == 0 ? [] : [new TemplateComponent(TemplateComponentType.Body) { Parameters = parameters }],
            };
            return new RenderedAnswer(answer.Name, language, [], message, mode) { MissingPlaceholders = missing };
        }

        var text = AnswerRenderer.TextFor(answer, language, current.Conversation.Channel) ?? string.Empty;
        var (filled, unknown) = await renderer.FillAsync(text, context, cancellationToken).ConfigureAwait(false);
        return new RenderedAnswer(answer.Name, language, [new TextPart(filled)], null, mode)
        {
            Problem = mode == ReplyMode.Nothing ? $"Nothing can be sent on this ticket now ({options?.Reason ?? "no such ticket"})." : null,
            MissingPlaceholders = unknown,
        };
    }

    private async Task<string?> LatestCustomerTextAsync(TicketId ticket, CancellationToken cancellationToken)
    {
        var messages = await store.GetMessagesAsync(ticket, cancellationToken).ConfigureAwait(false);
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            var message = messages[i];
            if (message is { Direction: MessageDirection.Inbound, Author: AuthorKind.Customer } && TextOf(message.Parts) is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }

    internal static string? TextOf(IReadOnlyList<MessagePart> parts)
    {
        string? text = null;
        foreach (var part in parts)
        {
            var piece = part switch
            {
                TextPart t => t.Text,
                MediaPart m => m.Caption,
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(piece))
            {
                text = text is null ? piece : $"{text}\n{piece}";
            }
        }

        return text;
    }
}
