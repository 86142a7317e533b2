using System.Globalization;
using System.Text;

namespace SocialCare.Core;

/// <summary>
/// The small language tools of answers and listening, for Italian and English: words without case or accents, stop
/// words dropped, a light stemmer (plurals, verb endings, the final vowel of Italian words), and a guess of the language.
/// </summary>
internal static class TextMatching
{
    private static readonly HashSet<string> ItalianStop = new(StringComparer.Ordinal)
    {
        "il", "lo", "la", "i", "gli", "le", "un", "uno", "una", "di", "a", "da", "in", "con", "su", "per", "tra", "fra",
        "e", "ed", "o", "ma", "se", "che", "chi", "cui", "non", "mi", "ti", "si", "ci", "vi", "ne", "del", "dello", "della",
        "dei", "degli", "delle", "al", "allo", "alla", "ai", "agli", "alle", "dal", "dalla", "dai", "nel", "nella", "nei",
        "sul", "sulla", "sui", "col", "è", "e'", "sono", "sei", "siamo", "siete", "ho", "hai", "ha", "abbiamo", "hanno",
        "io", "tu", "lui", "lei", "noi", "voi", "loro", "mio", "mia", "miei", "mie", "tuo", "tua", "suo", "sua", "nostro",
        "vostro", "questo", "questa", "quello", "quella", "come", "dove", "quando", "quanto", "quanta", "quali", "quale",
        "cosa", "anche", "ancora", "piu", "molto", "gia", "poi", "solo", "ciao", "salve", "buongiorno", "buonasera",
        "grazie", "per favore", "favore", "vorrei", "posso", "potete", "potreste", "volevo", "sapere",
    };

    private static readonly HashSet<string> EnglishStop = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "from", "by", "and", "or", "but", "if", "is", "are",
        "was", "were", "be", "been", "am", "do", "does", "did", "have", "has", "had", "i", "you", "he", "she", "it", "we",
        "they", "me", "my", "your", "our", "their", "its", "this", "that", "these", "those", "what", "which", "who", "how",
        "where", "when", "why", "can", "could", "would", "will", "shall", "should", "may", "might", "must", "there", "here",
        "so", "just", "also", "please", "thanks", "thank", "hi", "hello", "hey", "there", "any", "some", "about", "want",
        "need", "know", "tell", "get", "let", "us", "im", "i'm", "not", "no",
    };

    // Words that only one of the two languages uses often: a guess needs a few of them.
    private static readonly HashSet<string> ItalianMarkers = new(StringComparer.Ordinal)
    {
        "il", "lo", "gli", "di", "che", "non", "sono", "ho", "della", "del", "per", "con", "una", "come", "dove", "quando",
        "grazie", "ciao", "buongiorno", "vorrei", "perche", "e", "mi", "mio", "mia", "ordine", "negozio", "prezzo", "costa",
    };

    private static readonly HashSet<string> EnglishMarkers = new(StringComparer.Ordinal)
    {
        "the", "is", "are", "of", "and", "my", "your", "what", "where", "when", "how", "why", "thanks", "hello", "hi",
        "order", "store", "price", "does", "do", "i", "you", "it", "to", "with", "can",
    };

    /// <summary>Lower-case words without accents, in order; apostrophes split (<c>l'ordine</c> → <c>l</c>, <c>ordine</c>).</summary>
    public static List<string> Words(string text)
    {
        List<string> words = [];
        var folded = Fold(text);
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var letter = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                words.Add(folded[start..i]);
                start = -1;
            }
        }

        return words;
    }

    /// <summary>The stems of the words that carry meaning (stop words of both languages dropped).</summary>
    public static List<string> Terms(string text)
    {
        var words = Words(text);
        List<string> terms = new(words.Count);
        foreach (var word in words)
        {
            if (!ItalianStop.Contains(word) && !EnglishStop.Contains(word))
            {
                terms.Add(Stem(word));
            }
        }

        return terms;
    }

    /// <summary>The stems of every word, stop words kept (for phrases such as "non funziona").</summary>
    public static List<string> AllStems(string text) => Words(text).ConvertAll(Stem);

    /// <summary>Guesses <c>it</c> or <c>en</c> from marker words; <see langword="null"/> when unsure.</summary>
    public static string? GuessLanguage(string text)
    {
        int italian = 0, english = 0;
        foreach (var word in Words(text))
        {
            italian += ItalianMarkers.Contains(word) ? 1 : 0;
            english += EnglishMarkers.Contains(word) ? 1 : 0;
        }

        return italian > english ? "it" : english > italian ? "en" : null;
    }

    /// <summary>Whether <paramref name="phrase"/> (already stemmed) occurs as consecutive terms in <paramref name="terms"/>.</summary>
    public static bool ContainsPhrase(List<string> terms, IReadOnlyList<string> phrase)
    {
        if (phrase.Count == 0 || phrase.Count > terms.Count)
        {
            return false;
        }

        for (var i = 0; i + phrase.Count <= terms.Count; i++)
        {
            var j = 0;
            while (j < phrase.Count && terms[i + j] == phrase[j])
            {
                j++;
            }

            if (j == phrase.Count)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A light stemmer for both languages: enough for "prezzi" to meet "prezzo" and "shipping" to meet "ship".</summary>
    public static string Stem(string word)
    {
        if (word.Length <= 3 || word.All(char.IsDigit))
        {
            return word;
        }

        // English endings first; then the Italian final vowel (prezzo, prezzi, prezza → prezz).
        foreach (var ending in (ReadOnlySpan<string>)["ing", "ies", "ed", "es", "ly"])
        {
            if (word.Length - ending.Length >= 3 && word.EndsWith(ending, StringComparison.Ordinal))
            {
                word = word[..^ending.Length];
                break;
            }
        }

        if (word.Length > 3 && word[^1] is 'a' or 'e' or 'i' or 'o' or 's')
        {
            word = word[..^1];
        }

        return word;
    }

    private static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}
