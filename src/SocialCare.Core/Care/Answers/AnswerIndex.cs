using Microsoft.Extensions.Options;

namespace SocialCare.Core;

/// <summary>The answers compiled for matching: stemmed keywords and FAQ questions, built once from the options.</summary>
internal sealed class AnswerIndex
{
    private readonly Entry[] _entries;
    private readonly CannedAnswerOptions _options;

    public AnswerIndex(IOptions<SocialCareOptions> options)
    {
        _options = options.Value.Answers;
        Answers = [.. _options.Items];
        _entries = [.. Answers.Select(Compile)];
    }

    public IReadOnlyList<CannedAnswer> Answers { get; }

    public string DefaultLanguage => _options.DefaultLanguage;

    public CannedAnswer? Find(string name) => Answers.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<AnswerSuggestion> Suggest(string text, int? max)
    {
        ArgumentNullException.ThrowIfNull(text);
        var limit = max ?? _options.MaxSuggestions;
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1, nameof(max));
        if (_entries.Length == 0 || string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var stems = TextMatching.AllStems(text);
        var terms = new HashSet<string>(TextMatching.Terms(text), StringComparer.Ordinal);
        List<(AnswerSuggestion Suggestion, int Order)> found = [];
        for (var i = 0; i < _entries.Length; i++)
        {
            if (Score(_entries[i], stems, terms) is { } suggestion && suggestion.Score >= _options.MinimumScore)
            {
                found.Add((suggestion, i));
            }
        }

        found.Sort(static (a, b) => b.Suggestion.Score.CompareTo(a.Suggestion.Score) is var c && c != 0 ? c : a.Order.CompareTo(b.Order));
        return [.. found.Take(limit).Select(f => f.Suggestion)];
    }

    private static AnswerSuggestion? Score(Entry entry, List<string> stems, HashSet<string> terms)
    {
        // Keywords: each phrase found adds confidence; questions: the closest sample question by shared terms (cosine).
        var hits = 0;
        string? firstKeyword = null;
        for (var k = 0; k < entry.Keywords.Length; k++)
        {
            if (TextMatching.ContainsPhrase(stems, entry.Keywords[k]))
            {
                hits++;
                firstKeyword ??= entry.Answer.Keywords[k];
            }
        }

        var keywordScore = hits == 0 ? 0 : Math.Min(0.9, 0.6 + (0.15 * (hits - 1)));
        double questionScore = 0;
        string? closest = null;
        if (terms.Count > 0)
        {
            for (var q = 0; q < entry.Questions.Length; q++)
            {
                var question = entry.Questions[q];
                if (question.Count == 0)
                {
                    continue;
                }

                var shared = question.Count(terms.Contains);
                var similarity = shared / Math.Sqrt((double)question.Count * terms.Count);
                if (similarity > questionScore)
                {
                    questionScore = similarity;
                    closest = entry.Answer.Questions[q];
                }
            }
        }

        if (hits == 0 && questionScore <= 0)
        {
            return null;
        }

        var score = Math.Round(1 - ((1 - keywordScore) * (1 - questionScore)), 3);
        var match = questionScore >= keywordScore ? $"question: {closest}" : $"keyword: {firstKeyword}";
        return new AnswerSuggestion(entry.Answer, score, match);
    }

    private static Entry Compile(CannedAnswer answer) => new(
        answer,
        [.. answer.Keywords.Select(k => TextMatching.AllStems(k).ToArray())],
        [.. answer.Questions.Select(q => new HashSet<string>(TextMatching.Terms(q), StringComparer.Ordinal))]);

    private sealed record Entry(CannedAnswer Answer, string[][] Keywords, HashSet<string>[] Questions);
}
