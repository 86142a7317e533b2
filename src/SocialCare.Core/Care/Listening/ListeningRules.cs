using System.Globalization;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>What the listening rules and triage made of a post.</summary>
/// <param name="OpensTicket">Whether it opens a public ticket.</param>
/// <param name="Rule">The rule that matched, or <see langword="null"/>.</param>
/// <param name="Sentiment">The post's sentiment, -1 to 1.</param>
/// <param name="Reason">Why, for people: <c>rule brand: record only</c>, <c>question</c>, <c>complaint</c>, <c>negative sentiment -0.62</c>.</param>
public sealed record ListeningVerdict(bool OpensTicket, string? Rule, double Sentiment, string Reason);

/// <summary>Applies <see cref="ListeningOptions"/> to a post: the first matching rule, then the triage.</summary>
internal sealed class ListeningRules
{
    private readonly ListeningOptions _options;
    private readonly KeywordMatcher _complaints;
    private readonly (ListeningRule Rule, string[][] Keywords)[] _rules;

    public ListeningRules(IOptions<SocialCareOptions> options)
    {
        _options = options.Value.Listening;
        _complaints = new KeywordMatcher(_options.ComplaintWords);
        _rules = [.. _options.Rules.Select(r => (r, r.Keywords.Select(k => TextMatching.Words(k).ToArray()).Where(k => k.Length > 0).ToArray()))];
    }

    public bool TriagePublicComments => _options.TriagePublicComments;

    public ListeningVerdict Judge(MessageReceived post)
    {
        ArgumentNullException.ThrowIfNull(post);
        var text = CannedAnswers.TextOf(post.Parts) ?? string.Empty;
        var sentiment = text.Length == 0 ? 0 : SentimentLexicon.Score(text);
        var words = TextMatching.Words(text);
        foreach (var (rule, keywords) in _rules)
        {
            if (rule.Channels.Count > 0 && !rule.Channels.Contains(post.Conversation.Channel))
            {
                continue;
            }

            var byName = post.MatchedRule is { } tag && string.Equals(tag, rule.Name, StringComparison.OrdinalIgnoreCase);
            if (!byName && !keywords.Any(k => TextMatching.ContainsPhrase(words, k)))
            {
                continue;
            }

            switch (rule.Action)
            {
                case ListeningAction.Record:
                    return new ListeningVerdict(false, rule.Name, sentiment, $"rule {rule.Name}: record only");
                case ListeningAction.OpenTicket:
                    return new ListeningVerdict(true, rule.Name, sentiment, $"rule {rule.Name}: open a ticket");
                default:
                    return Triage(text, rule.Name, sentiment);
            }
        }

        return Triage(text, post.MatchedRule, sentiment);
    }

    private ListeningVerdict Triage(string text, string? rule, double sentiment)
    {
        if (_options.OpenOnQuestions && (text.Contains('?', StringComparison.Ordinal) || text.Contains('？', StringComparison.Ordinal)))
        {
            return new ListeningVerdict(true, rule, sentiment, "question");
        }

        if (_complaints.Matches(text))
        {
            return new ListeningVerdict(true, rule, sentiment, "complaint");
        }

        if (_options.OpenOnNegativeSentiment && sentiment <= _options.NegativeSentimentThreshold)
        {
            return new ListeningVerdict(true, rule, sentiment, string.Create(CultureInfo.InvariantCulture, $"negative sentiment {sentiment:0.00}"));
        }

        return new ListeningVerdict(false, rule, sentiment, "nothing to answer");
    }
}

/// <summary>The default listening triage: <see cref="ListeningRules"/>.</summary>
internal sealed class RuleListeningTriage(ListeningRules rules) : IListeningTriage
{
    public ValueTask<bool> ShouldOpenTicketAsync(MessageReceived message, Customer customer, CancellationToken cancellationToken)
        => ValueTask.FromResult(rules.Judge(message).OpensTicket);
}
