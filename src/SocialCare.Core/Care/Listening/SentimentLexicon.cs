namespace SocialCare.Core;

/// <summary>
/// A small sentiment lexicon for Italian and English social posts: weighted words and phrases, negation ("not good",
/// "non funziona"), intensifiers ("very", "molto") and emoji. Enough to find the unhappy customer among brand mentions;
/// not a language model.
/// </summary>
internal static class SentimentLexicon
{
    private static readonly Dictionary<string, double> Words = Build(new Dictionary<string, double>
    {
        // English, negative.
        ["bad"] = -2, ["awful"] = -3, ["terrible"] = -3, ["horrible"] = -3, ["worst"] = -3, ["hate"] = -3, ["broken"] = -2,
        ["useless"] = -2.5, ["disappointed"] = -2.5, ["disappointing"] = -2.5, ["angry"] = -2.5, ["furious"] = -3,
        ["annoyed"] = -2, ["annoying"] = -2, ["scam"] = -3, ["rubbish"] = -2.5, ["poor"] = -1.5, ["slow"] = -1, ["late"] = -1,
        ["never"] = -0.5, ["refund"] = -1.5, ["faulty"] = -2, ["ridiculous"] = -2.5, ["unacceptable"] = -3, ["rude"] = -2.5,
        ["waste"] = -2, ["fail"] = -2, ["failed"] = -2, ["problem"] = -1, ["issue"] = -0.5, ["wrong"] = -1.5, ["missing"] = -1.5,
        ["damaged"] = -2, ["lost"] = -1.5, ["cancel"] = -1, ["joke"] = -1.5, ["shame"] = -2, ["sucks"] = -3, ["crap"] = -3,

        // English, positive.
        ["good"] = 2, ["great"] = 3, ["love"] = 3, ["excellent"] = 3, ["amazing"] = 3, ["awesome"] = 3, ["perfect"] = 3,
        ["happy"] = 2, ["thanks"] = 1, ["thank"] = 1, ["nice"] = 2, ["fast"] = 1, ["helpful"] = 2, ["recommend"] = 2, ["best"] = 2.5,
        ["fine"] = 1, ["works"] = 1, ["beautiful"] = 2.5,

        // Italian, negative.
        ["pessimo"] = -3, ["pessima"] = -3, ["orribile"] = -3, ["terribile"] = -3, ["schifo"] = -3, ["vergogna"] = -3,
        ["vergognoso"] = -3, ["rotto"] = -2, ["rotta"] = -2, ["inutile"] = -2.5, ["deluso"] = -2.5, ["delusa"] = -2.5,
        ["delusione"] = -2.5, ["arrabbiato"] = -2.5, ["arrabbiata"] = -2.5, ["truffa"] = -3, ["lento"] = -1, ["lenta"] = -1,
        ["ritardo"] = -1.5, ["rimborso"] = -1.5, ["difettoso"] = -2, ["ridicolo"] = -2.5, ["inaccettabile"] = -3,
        ["maleducato"] = -2.5, ["problema"] = -1, ["problemi"] = -1, ["sbagliato"] = -1.5, ["mancante"] = -1.5,
        ["danneggiato"] = -2, ["perso"] = -1.5, ["mai"] = -0.5, ["brutto"] = -2, ["male"] = -1.5, ["scandaloso"] = -3,
        ["odio"] = -3, ["peggiore"] = -3, ["peggio"] = -2,

        // Italian, positive.
        ["buono"] = 2, ["buona"] = 2, ["ottimo"] = 3, ["ottima"] = 3, ["fantastico"] = 3, ["perfetto"] = 3, ["perfetta"] = 3,
        ["adoro"] = 3, ["grazie"] = 1, ["bello"] = 2, ["bella"] = 2, ["felice"] = 2, ["contento"] = 2, ["contenta"] = 2,
        ["veloce"] = 1, ["consiglio"] = 2, ["gentile"] = 2, ["gentilissimi"] = 2.5, ["bravi"] = 2, ["funziona"] = 1, ["top"] = 2,
    });

    private static readonly Dictionary<string, double> Phrases = new(StringComparer.Ordinal)
    {
        ["not working"] = -2.5, ["doesn t work"] = -2.5, ["does not work"] = -2.5, ["never again"] = -3, ["no answer"] = -2,
        ["still waiting"] = -2, ["non funziona"] = -2.5, ["mai piu"] = -3, ["nessuna risposta"] = -2, ["ancora aspetto"] = -2,
        ["sto ancora aspettando"] = -2, ["non risponde"] = -2, ["non rispondete"] = -2.5,
    };

    private static readonly HashSet<string> Negators = new(StringComparer.Ordinal) { "not", "no", "never", "don", "isn", "wasn", "non", "nessun", "nessuna", "niente", "nemmeno" };

    private static readonly HashSet<string> Intensifiers = new(StringComparer.Ordinal) { "very", "so", "really", "totally", "extremely", "molto", "davvero", "proprio", "troppo", "veramente", "super" };

    private static readonly Dictionary<string, double> Emoji = new(StringComparer.Ordinal)
    {
        ["😡"] = -3, ["😠"] = -2.5, ["🤬"] = -3, ["👎"] = -2, ["😤"] = -2, ["😞"] = -2, ["😢"] = -1.5, ["😭"] = -2, ["💩"] = -2.5,
        ["🙄"] = -1.5, ["😒"] = -1.5, ["👍"] = 2, ["😍"] = 3, ["❤"] = 2.5, ["🙂"] = 1, ["😊"] = 2, ["🥰"] = 3, ["👏"] = 2, ["🎉"] = 2,
    };

    /// <summary>The sentiment of a text, from -1 (very negative) to 1 (very positive); 0 when nothing is known.</summary>
    public static double Score(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = TextMatching.Words(text);
        double sum = 0;
        var consumedUntil = -1;
        for (var i = 0; i < words.Count; i++)
        {
            if (i <= consumedUntil)
            {
                continue;
            }

            // Phrases first (three and two words), then single words.
            double value = 0;
            var length = 0;
            for (var n = 3; n >= 2 && length == 0; n--)
            {
                if (i + n <= words.Count && Phrases.TryGetValue(string.Join(' ', words.GetRange(i, n)), out var phrase))
                {
                    value = phrase;
                    length = n;
                }
            }

            if (length == 0 && Words.TryGetValue(words[i], out var word))
            {
                value = word;
                length = 1;
            }

            if (length == 0)
            {
                continue;
            }

            // A phrase that carries its own negation ("non funziona") is not negated again.
            var negatedPhrase = length > 1 && Negators.Contains(words[i]);
            if (!negatedPhrase && IsNegated(words, i))
            {
                value = -value * 0.8;
            }

            if (i > 0 && Intensifiers.Contains(words[i - 1]))
            {
                value *= 1.5;
            }

            sum += value;
            consumedUntil = i + length - 1;
        }

        foreach (var (emoji, value) in Emoji)
        {
            var at = 0;
            while ((at = text.IndexOf(emoji, at, StringComparison.Ordinal)) >= 0)
            {
                sum += value;
                at += emoji.Length;
            }
        }

        // Shouting makes a negative post more negative.
        if (sum < 0 && text.Contains("!!", StringComparison.Ordinal))
        {
            sum *= 1.2;
        }

        return Math.Round(sum / (Math.Abs(sum) + 3), 3);
    }

    private static bool IsNegated(List<string> words, int index)
    {
        for (var back = 1; back <= 3 && index - back >= 0; back++)
        {
            if (Negators.Contains(words[index - back]))
            {
                return true;
            }
        }

        return false;
    }

    private static Dictionary<string, double> Build(Dictionary<string, double> entries) => new(entries, StringComparer.Ordinal);
}
