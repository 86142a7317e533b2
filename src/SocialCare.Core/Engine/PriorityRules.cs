using System.Buffers;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>What a priority rule looks at: a ticket, the customer's message that just joined it, and the customer.</summary>
/// <param name="Ticket">The ticket, as it will be saved.</param>
/// <param name="Message">The customer's message.</param>
/// <param name="Customer">The customer.</param>
public sealed record PriorityContext(Ticket Ticket, Message Message, Customer Customer);

/// <summary>Raises a ticket's priority from what a customer's message says or who wrote it.</summary>
/// <remarks>
/// The engine asks every rule about each customer message and keeps the highest answer when it is above the ticket's
/// current priority: rules only raise, people lower. Register with <c>builder.AddPriorityRule&lt;T&gt;()</c>. Singletons;
/// must be thread-safe and fast (they run on the ingest path).
/// </remarks>
public interface IPriorityRule
{
    /// <summary>Gets the rule's name, recorded as the reason when it raises a ticket.</summary>
    string Name { get; }

    /// <summary>Evaluates the rule.</summary>
    /// <param name="context">The ticket, message and customer.</param>
    /// <returns>The priority the rule asks for, or <see langword="null"/> when it has no opinion.</returns>
    TicketPriority? Evaluate(PriorityContext context);
}

/// <summary>The built-in rules, configured by <see cref="PriorityOptions"/>; they also say which rule decided.</summary>
internal sealed class BuiltInPriorityRules
{
    private readonly TicketPriority? _public;
    private readonly TicketPriority? _vip;
    private readonly KeywordMatcher _keywords;
    private readonly KeywordMatcher _urgent;
    private readonly TicketPriority _keywordPriority;

    public BuiltInPriorityRules(PriorityOptions options)
    {
        _public = options.PublicThread;
        _vip = options.Vip;
        _keywordPriority = options.KeywordPriority;
        _keywords = new KeywordMatcher(options.Keywords);
        _urgent = new KeywordMatcher(options.UrgentKeywords);
    }

    public TicketPriority? Evaluate(PriorityContext context, out string reason)
    {
        TicketPriority? best = null;
        reason = "";
        if (_urgent.Matches(context.Message))
        {
            best = TicketPriority.Urgent;
            reason = "urgent keyword";
        }

        Raise(ref best, ref reason, _keywords.Matches(context.Message) ? _keywordPriority : null, "keyword");
        Raise(ref best, ref reason, context.Ticket.Conversation.Visibility == ConversationVisibility.Public ? _public : null, "public thread");
        Raise(ref best, ref reason, context.Customer.IsVip ? _vip : null, "VIP customer");
        return best;
    }

    private static void Raise(ref TicketPriority? best, ref string reason, TicketPriority? candidate, string why)
    {
        if (candidate is { } value && (best is null || value > best))
        {
            best = value;
            reason = why;
        }
    }
}

/// <summary>Finds whole words or phrases in a message's text, case-insensitively, without allocating.</summary>
internal sealed class KeywordMatcher
{
    private static readonly SearchValues<char> WordChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_àèéìòùÀÈÉÌÒÙ");
    private readonly string[] _words;

    public KeywordMatcher(IEnumerable<string> words)
        => _words = [.. words.Where(w => !string.IsNullOrWhiteSpace(w)).Select(w => w.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];

    public bool Matches(Message message)
    {
        if (_words.Length == 0)
        {
            return false;
        }

        foreach (var part in message.Parts)
        {
            var text = part switch
            {
                TextPart t => t.Text,
                MediaPart m => m.Caption,
                _ => null,
            };
            if (text is not null && Matches(text))
            {
                return true;
            }
        }

        return false;
    }

    public bool Matches(string text)
    {
        foreach (var word in _words)
        {
            var span = text.AsSpan();
            var offset = 0;
            while (offset < span.Length)
            {
                var index = span[offset..].IndexOf(word, StringComparison.OrdinalIgnoreCase);
                if (index < 0)
                {
                    break;
                }

                var start = offset + index;
                var end = start + word.Length;
                var before = start == 0 || !IsWordChar(span[start - 1]);
                var after = end >= span.Length || !IsWordChar(span[end]);
                if (before && after)
                {
                    return true;
                }

                offset = start + 1;
            }
        }

        return false;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_' || WordChars.Contains(c);
}
