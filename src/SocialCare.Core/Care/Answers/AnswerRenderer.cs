using System.Text;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>Chooses an answer's text for a customer and fills its placeholders.</summary>
internal sealed class AnswerRenderer(AnswerIndex index, IEnumerable<ICannedAnswerValues> values)
{
    private readonly ICannedAnswerValues[] _values = [.. values];

    /// <summary>The answer's language for this customer and message: theirs, the message's, or the default.</summary>
    public string LanguageFor(Customer? customer, string? text)
        => Short(customer?.Language) ?? (text is null ? null : TextMatching.GuessLanguage(text)) ?? index.DefaultLanguage;

    public static string? TextFor(CannedAnswer answer, string language, ChannelId channel)
    {
        var texts = answer.Texts;
        return texts.TryGetValue($"{language}:{channel.Value}", out var text) || texts.TryGetValue(language, out text) || texts.TryGetValue("*", out text)
            ? text
            : texts.Values.FirstOrDefault();
    }

    public async Task<(string Text, List<string> Missing)> FillAsync(string template, CannedAnswerContext context, CancellationToken cancellationToken)
    {
        var builder = new StringBuilder(template.Length + 32);
        List<string> missing = [];
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                builder.Append(c);
                i++;
                continue;
            }

            var end = c == '{' ? template.IndexOf('}', i + 1) : -1;
            if (end < 0)
            {
                builder.Append(c);
                continue;
            }

            var name = template[(i + 1)..end].Trim();
            var value = await ValueAsync(name, context, cancellationToken).ConfigureAwait(false);
            if (value is null)
            {
                missing.Add(name);
            }

            builder.Append(value);
            i = end;
        }

        return (builder.ToString(), missing);
    }

    private async ValueTask<string?> ValueAsync(string name, CannedAnswerContext context, CancellationToken cancellationToken)
    {
        var builtIn = name.ToLowerInvariant() switch
        {
            "customer.name" => context.Customer?.DisplayName,
            "customer.firstname" => FirstName(context.Customer?.DisplayName),
            "agent.name" => context.Agent?.DisplayName,
            "agent.firstname" => FirstName(context.Agent?.DisplayName),
            "ticket.id" => context.Ticket.Id.Value,
            "channel" => context.Ticket.Conversation.Channel.Value,
            _ => null,
        };
        if (builtIn is not null)
        {
            return builtIn;
        }

        foreach (var provider in _values)
        {
            if (await provider.GetValueAsync(name, context, cancellationToken).ConfigureAwait(false) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    private static string? FirstName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var trimmed = name.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? trimmed : trimmed[..space];
    }

    private static string? Short(string? language)
        => string.IsNullOrWhiteSpace(language) ? null : language.Split('-', '_')[0].ToLowerInvariant();
}
