using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SocialCare.Channels.Twitter;

/// <summary>
/// Measures post text the way X counts it (twitter-text v3, x.md §5.4), so that a reply can be checked against the
/// 280-character limit before it is sent.
/// </summary>
/// <remarks>
/// <para>
/// The text is NFC-normalised first. Each code point then weighs 1 when it lies in 0–4351 (Latin, Greek, Cyrillic,
/// Hebrew, Arabic, Indic scripts…), 8192–8205, 8208–8223 or 8242–8247 (spaces, dashes, quotes and primes of General
/// Punctuation), and 2 otherwise (CJK, most symbols). Every emoji sequence weighs 2 in total, however many code points
/// it has: a grapheme cluster that starts with an Extended_Pictographic code point (ZWJ sequences, skin tones, tag
/// flags, variation selectors), a pair of regional indicators (a flag), or a keycap (<c>#</c>, <c>*</c> or a digit,
/// <c>U+FE0F</c>, <c>U+20E3</c>). As in twitter-text, © ® and ™ are not emoji: they keep their plain weight.
/// </para>
/// <para>
/// Every link weighs <see cref="XDefaults.UrlLength"/> (23), as X wraps it in a t.co link. Links are found as twitter-text
/// extracts them: <c>http://</c> and <c>https://</c> addresses, and bare domains such as <c>nimbus.example.com/help</c>,
/// whose top-level domain must be a known one (all two-letter country codes, the original generic domains, about 230
/// common newer ones such as <c>.app</c>, <c>.shop</c> or <c>.online</c>, and a few internationalised ones). A bare
/// second-level domain under a country code (<c>example.de</c>) counts as a link only with a path, except under
/// <c>.co</c> and <c>.tv</c>. A link ends before trailing punctuation (<c>.</c>, <c>,</c>, <c>!</c>, <c>)</c> without
/// its <c>(</c>…), and a domain whose labels are longer than 63 characters (as punycode) is not a link; only the last
/// eleven labels of a longer domain are taken. An address with
/// a top-level domain outside the list is counted character by character, which can only overestimate.
/// </para>
/// <para>Thread-safe; time grows linearly with the text. The methods throw only for a <see langword="null"/> text.</para>
/// </remarks>
public static partial class XPostLength
{
    private const int MaxUrlLength = 4096;
    private const int MaxLabelLength = 63;

    // Two-letter country codes (ISO 3166-1, plus the reserved ones still delegated) and a few internationalised ones.
    private const string CountryTlds =
        "ac|ad|ae|af|ag|ai|al|am|an|ao|aq|ar|as|at|au|aw|ax|az|ba|bb|bd|be|bf|bg|bh|bi|bj|bl|bm|bn|bo|bq|br|bs|bt|bv|bw|by|bz|" +
        "ca|cc|cd|cf|cg|ch|ci|ck|cl|cm|cn|co|cr|cu|cv|cw|cx|cy|cz|de|dj|dk|dm|do|dz|ec|ee|eg|eh|er|es|et|eu|fi|fj|fk|fm|fo|fr|" +
        "ga|gb|gd|ge|gf|gg|gh|gi|gl|gm|gn|gp|gq|gr|gs|gt|gu|gw|gy|hk|hm|hn|hr|ht|hu|id|ie|il|im|in|io|iq|ir|is|it|je|jm|jo|jp|" +
        "ke|kg|kh|ki|km|kn|kp|kr|kw|ky|kz|la|lb|lc|li|lk|lr|ls|lt|lu|lv|ly|ma|mc|md|me|mf|mg|mh|mk|ml|mm|mn|mo|mp|mq|mr|ms|mt|" +
        "mu|mv|mw|mx|my|mz|na|nc|ne|nf|ng|ni|nl|no|np|nr|nu|nz|om|pa|pe|pf|pg|ph|pk|pl|pm|pn|pr|ps|pt|pw|py|qa|re|ro|rs|ru|rw|" +
        "sa|sb|sc|sd|se|sg|sh|si|sj|sk|sl|sm|sn|so|sr|ss|st|su|sv|sx|sy|sz|tc|td|tf|tg|th|tj|tk|tl|tm|tn|to|tp|tr|tt|tv|tw|tz|" +
        "ua|ug|uk|um|us|uy|uz|va|vc|ve|vg|vi|vn|vu|wf|ws|ye|yt|za|zm|zw|" +
        "рф|укр|срб|бел|қаз|мкд|мон|中国|中國|香港|台灣|台湾|新加坡|한국|ไทย|भारत|پاکستان|ایران|السعودية|امارات|مصر|ελ";

    // The original generic domains and common newer ones (twitter-text's full list has about 1,500).
    private const string GenericTlds =
        "com|net|org|edu|gov|mil|int|info|biz|name|pro|aero|asia|cat|coop|jobs|mobi|museum|tel|travel|xxx|post|arpa|" +
        "academy|accountant|accountants|actor|adult|agency|airforce|apartments|app|archi|army|art|associates|attorney|auction|" +
        "audio|auto|autos|baby|band|bank|bar|bargains|beer|best|bet|bid|bike|bingo|bio|black|blog|blue|boats|bond|book|" +
        "boutique|box|broker|build|builders|business|buzz|cab|cafe|cam|camera|camp|capital|car|cards|care|career|careers|cars|" +
        "casa|cash|casino|center|ceo|chat|cheap|church|city|claims|cleaning|click|clinic|clothing|cloud|club|coach|codes|coffee|" +
        "college|community|company|computer|condos|construction|consulting|contractors|cool|coupons|courses|credit|creditcard|" +
        "cricket|cruises|cyou|dance|date|dating|day|deals|degree|delivery|democrat|dental|dentist|design|dev|diamonds|diet|" +
        "digital|direct|directory|discount|doctor|dog|domains|download|earth|eco|education|email|energy|engineer|engineering|" +
        "enterprises|equipment|estate|events|exchange|expert|exposed|express|fail|faith|family|fan|fans|farm|fashion|film|" +
        "finance|financial|fish|fitness|flights|florist|football|forsale|foundation|free|fun|fund|furniture|futbol|fyi|gallery|" +
        "game|games|garden|gay|gift|gifts|gives|glass|global|gmbh|gold|golf|google|graphics|gratis|green|gripe|group|guide|" +
        "guitars|guru|health|healthcare|help|hiphop|hockey|holdings|holiday|homes|horse|hospital|host|hosting|house|how|icu|" +
        "immo|inc|industries|ink|institute|insure|international|investments|irish|jewelry|juegos|kaufen|kim|kitchen|land|law|" +
        "lawyer|lease|legal|life|lighting|limited|limo|link|live|llc|loan|loans|lol|london|love|ltd|luxury|maison|management|" +
        "market|marketing|mba|media|medical|meme|memorial|men|menu|miami|mobile|moda|moe|mom|money|mortgage|movie|music|navy|" +
        "network|new|news|nexus|ninja|nyc|one|online|ooo|page|paris|partners|parts|party|pet|phone|photo|photography|photos|" +
        "pics|pictures|pink|pizza|place|plumbing|plus|poker|porn|press|productions|promo|properties|property|pub|quebec|" +
        "racing|radio|realestate|realty|recipes|red|rehab|reise|reisen|rent|rentals|repair|report|rest|restaurant|review|" +
        "reviews|rich|rip|rocks|rodeo|run|sale|salon|sarl|school|schule|science|security|services|sex|sexy|shoes|shop|shopping|" +
        "show|singles|site|ski|soccer|social|software|solar|solutions|space|store|stream|studio|style|sucks|supplies|supply|" +
        "support|surf|surgery|systems|tattoo|tax|taxi|team|tech|technology|tennis|theater|tickets|tienda|tips|tires|today|" +
        "tools|top|tours|town|toys|trade|trading|training|tube|university|uno|vacations|vegas|ventures|vet|viajes|video|" +
        "villas|vin|vip|vision|vodka|vote|voting|voto|voyage|wang|watch|webcam|website|wedding|wiki|win|wine|work|works|" +
        "world|wtf|xyz|yoga|zone|コム|みんな|在线|网址|公司|网络|中文网|онлайн|сайт";

    // Characters allowed in a domain label: anything but ASCII punctuation, spaces, controls and the invalid and
    // directional characters (twitter-text's validDomainChars). Labels may hold '-' inside ('_' in subdomains only).
    private const string DomainChar = @"[^!-/:-@\[-`{-~\s\p{Z}\p{Cc}\uFFFE\uFEFF\uFFFF\u202A-\u202E\u061C\u200E\u200F\u2066-\u2069]";

    private const string AsciiDomainChar = @"[a-z0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF]";

    // Labels are atomic runs of at most 63 characters (longer ones are invalid anyway) and a domain has at most ten
    // subdomains: together they keep the scan linear, since each start position does bounded work.
    private const string Subdomain = "(?>" + DomainChar + "(?:" + DomainChar + "|[_-]){0,62})(?<![_-])\\.";
    private const string DomainName = "(?>" + DomainChar + "(?:" + DomainChar + "|-){0,62})(?<!-)\\.";

    // The regex takes any well-formed top-level domain (matching against ~500 alternatives at every position would be
    // slow); FindUrls then checks it against the known ones, falling back to a shorter domain as twitter-text's regex would.
    private const string AnyTld = @"(?:[a-z]{2,63}|xn--[0-9a-z-]{1,59}|[^\x00-\x7F\s\p{P}\p{S}\p{Z}\p{C}]{1,63})(?=[^a-z0-9@+-]|$)";

    private const string UrlStart =
        @"(?<![A-Za-z0-9@＠$#＃\uFFFE\uFEFF\uFFFF])(?<protocol>https?://)?(?<domain>(?:" + Subdomain + "){0,10}" + DomainName + AnyTld + @")(?<port>:[0-9]+)?";

    private const string AsciiDomain = "(?:(?>(?:" + AsciiDomainChar + "|-){1,63})\\.){1,11}" + "(?:" + GenericTlds + "|" + CountryTlds + @"|xn--[0-9a-z-]+)(?=[^a-z0-9@+-]|$)";

    private const string ShortCountryDomain = "^(?>" + DomainChar + "(?:" + DomainChar + "|-)*)(?<!-)\\.(?:" + CountryTlds + ")$";

    private const string SpecialShortDomain = "^(?>" + DomainChar + "(?:" + DomainChar + "|-)*)(?<!-)\\.(?:co|tv)$";

    private static readonly FrozenSet<string> KnownTlds = (GenericTlds + "|" + CountryTlds).Split('|').ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    // Extended_Pictographic (Unicode emoji-data), as inclusive [start, end] pairs in code point order.
    private static ReadOnlySpan<int> Pictographic =>
    [
        0xA9, 0xA9, 0xAE, 0xAE, 0x203C, 0x203C, 0x2049, 0x2049, 0x2122, 0x2122, 0x2139, 0x2139,
        0x2194, 0x2199, 0x21A9, 0x21AA, 0x231A, 0x231B, 0x2328, 0x2328, 0x2388, 0x2388, 0x23CF, 0x23CF,
        0x23E9, 0x23F3, 0x23F8, 0x23FA, 0x24C2, 0x24C2, 0x25AA, 0x25AB, 0x25B6, 0x25B6, 0x25C0, 0x25C0,
        0x25FB, 0x25FE, 0x2600, 0x2605, 0x2607, 0x2612, 0x2614, 0x2685, 0x2690, 0x2705, 0x2708, 0x2712,
        0x2714, 0x2714, 0x2716, 0x2716, 0x271D, 0x271D, 0x2721, 0x2721, 0x2728, 0x2728, 0x2733, 0x2734,
        0x2744, 0x2744, 0x2747, 0x2747, 0x274C, 0x274C, 0x274E, 0x274E, 0x2753, 0x2755, 0x2757, 0x2757,
        0x2763, 0x2767, 0x2795, 0x2797, 0x27A1, 0x27A1, 0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2934, 0x2935,
        0x2B05, 0x2B07, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50, 0x2B55, 0x2B55, 0x3030, 0x3030, 0x303D, 0x303D,
        0x3297, 0x3297, 0x3299, 0x3299, 0x1F000, 0x1F0FF, 0x1F10D, 0x1F10F, 0x1F12F, 0x1F12F, 0x1F16C, 0x1F171,
        0x1F17E, 0x1F17F, 0x1F18E, 0x1F18E, 0x1F191, 0x1F19A, 0x1F1AD, 0x1F1E5, 0x1F201, 0x1F20F, 0x1F21A, 0x1F21A,
        0x1F22F, 0x1F22F, 0x1F232, 0x1F23A, 0x1F23C, 0x1F23F, 0x1F249, 0x1F3FA, 0x1F400, 0x1F53D, 0x1F546, 0x1F64F,
        0x1F680, 0x1F6FF, 0x1F774, 0x1F77F, 0x1F7D5, 0x1F7FF, 0x1F80C, 0x1F80F, 0x1F848, 0x1F84F, 0x1F85A, 0x1F85F,
        0x1F888, 0x1F88F, 0x1F8AE, 0x1F8FF, 0x1F90C, 0x1F93A, 0x1F93C, 0x1F945, 0x1F947, 0x1FAFF, 0x1FC00, 0x1FFFD,
    ];

    /// <summary>Counts a text's weighted length as X does.</summary>
    /// <param name="text">The post text, exactly as it will be sent.</param>
    /// <returns>The weighted length; 0 for an empty text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return 0;
        }

        var normalized = Normalize(text);
        var urls = FindUrls(normalized);
        var length = 0;
        var next = 0;
        var i = 0;
        while (i < normalized.Length)
        {
            if (next < urls.Count && i == urls[next].Start)
            {
                length += XDefaults.UrlLength;
                i = urls[next].End;
                next++;
                continue;
            }

            var rest = normalized.AsSpan(i, (next < urls.Count ? urls[next].Start : normalized.Length) - i);
            var cluster = StringInfo.GetNextTextElementLength(rest);
            if (IsEmoji(rest[..cluster]))
            {
                length += 2;
                i += cluster;
                continue;
            }

            // A lone surrogate decodes as U+FFFD, which weighs 2 like the surrogate itself would.
            Rune.DecodeFromUtf16(rest, out var rune, out var consumed);
            length += Weight(rune.Value);
            i += Math.Max(consumed, 1);
        }

        return length;
    }

    /// <summary>Tells whether a text fits in one post: at most <see cref="XDefaults.MaxPostLength"/> (280) weighted characters.</summary>
    /// <param name="text">The post text.</param>
    /// <returns><see langword="true"/> when <see cref="Count"/> is at most 280.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static bool Fits(string text) => Count(text) <= XDefaults.MaxPostLength;

    /// <summary>The weight of one code point outside links and emoji (twitter-text v3 ranges, scale 100 → units).</summary>
    private static int Weight(int codePoint) => codePoint switch
    {
        <= 4351 => 1,
        >= 8192 and <= 8205 => 1,
        >= 8208 and <= 8223 => 1,
        >= 8242 and <= 8247 => 1,
        _ => 2,
    };

    private static string Normalize(string text)
    {
        try
        {
            return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Ill-formed UTF-16 (a lone surrogate) cannot be normalised; count it as it is.
            return text;
        }
    }

    private static bool IsEmoji(ReadOnlySpan<char> cluster)
    {
        Rune.DecodeFromUtf16(cluster, out var first, out var consumed);
        var value = first.Value;

        // twitter-text's emoji list leaves out ©, ® and ™: they count as the characters they are.
        if (value is 0xA9 or 0xAE or 0x2122)
        {
            return false;
        }

        if (IsPictographic(value) || value is >= 0x1F1E6 and <= 0x1F1FF)
        {
            return true;
        }

        // Keycaps: # * 0-9, an optional U+FE0F, then U+20E3.
        return value is '#' or '*' or (>= '0' and <= '9') && cluster[consumed..].Contains('\u20E3');
    }

    private static bool IsPictographic(int codePoint)
    {
        var ranges = Pictographic;
        int low = 0, high = (ranges.Length / 2) - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (codePoint < ranges[middle * 2])
            {
                high = middle - 1;
            }
            else if (codePoint > ranges[(middle * 2) + 1])
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Finds the links as twitter-text's <c>extractUrlsWithIndices</c> does, as sorted [start, end) ranges.</summary>
    private static List<(int Start, int End)> FindUrls(string text)
    {
        var urls = new List<(int Start, int End)>();
        if (!text.Contains('.', StringComparison.Ordinal))
        {
            return urls;
        }

        var position = 0;
        while (position < text.Length)
        {
            var match = UrlStartRegex().Match(text, position);
            if (!match.Success)
            {
                break;
            }

            var domainGroup = match.Groups["domain"];
            var domainLength = KnownDomainLength(domainGroup.Value);
            if (domainLength == 0)
            {
                // No known top-level domain: the regex would have failed here and tried the next position.
                position = match.Index + 1;
                continue;
            }

            var start = match.Index;
            var domain = domainGroup.Value[..domainLength];
            var afterAuthority = domainLength == domainGroup.Length ? match.Index + match.Length : domainGroup.Index + domainLength;
            var pathEnd = ScanPath(text, afterAuthority);
            var end = ScanQuery(text, pathEnd);
            position = Math.Max(end, start + 1);
            if (!IsValidHost(domain) || end - start > MaxUrlLength)
            {
                continue;
            }

            if (match.Groups["protocol"].Success)
            {
                urls.Add((start, end));
                continue;
            }

            // Without a protocol: not after - _ . or /, ASCII domains only (a Unicode run may hold one), and a bare
            // second-level domain under a country code needs a path (.co and .tv excepted).
            if (start > 0 && text[start - 1] is '-' or '_' or '.' or '/')
            {
                continue;
            }

            var hasPath = pathEnd > afterAuthority;
            (int Start, int End)? last = null;
            foreach (Match ascii in AsciiDomainRegex().Matches(domain))
            {
                var candidate = (domainGroup.Index + ascii.Index, domainGroup.Index + ascii.Index + ascii.Length);
                last = candidate;
                if (!IsValidHost(ascii.Value))
                {
                    continue;
                }

                if (hasPath || SpecialShortDomainRegex().IsMatch(ascii.Value) || !ShortCountryDomainRegex().IsMatch(ascii.Value))
                {
                    urls.Add(candidate);
                }
            }

            if (hasPath && last is { } extended && urls.Count > 0 && urls[^1] == extended)
            {
                urls[^1] = (extended.Start, end);
            }
        }

        return urls;
    }

    /// <summary>
    /// Returns the length of the longest leading part of a matched domain that ends with a known top-level domain (the
    /// label before it without <c>_</c>), or 0 when there is none.
    /// </summary>
    private static int KnownDomainLength(string domain)
    {
        var labels = domain.Split('.');
        for (var count = labels.Length; count >= 2; count--)
        {
            var tld = labels[count - 1];
            var known = KnownTlds.Contains(tld) || (tld.StartsWith("xn--", StringComparison.OrdinalIgnoreCase) && tld.Length > 4);
            if (known && !labels[count - 2].Contains('_', StringComparison.Ordinal))
            {
                var length = count - 1;
                for (var i = 0; i < count; i++)
                {
                    length += labels[i].Length;
                }

                return length;
            }
        }

        return 0;
    }

    /// <summary>Tells whether a host converts to punycode with every label at most 63 characters long.</summary>
    private static bool IsValidHost(string host)
    {
        try
        {
            var ascii = new IdnMapping().GetAscii(host);
            foreach (var label in ascii.Split('.'))
            {
                if (label.Length is 0 or > MaxLabelLength)
                {
                    return false;
                }
            }

            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Scans a path (<c>/</c> then path characters and balanced parentheses) and returns where it ends: after its last
    /// character that may end a path, so that trailing punctuation stays outside the link.
    /// </summary>
    private static int ScanPath(string text, int start)
    {
        if (start >= text.Length || text[start] != '/')
        {
            return start;
        }

        var end = start + 1;
        var i = start + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '(')
            {
                var close = ScanBalancedParens(text, i);
                if (close < 0)
                {
                    break;
                }

                i = close;
                end = i;
                continue;
            }

            if (!IsPathChar(c))
            {
                break;
            }

            i++;
            if (IsPathEndChar(c))
            {
                end = i;
            }
        }

        return end;
    }

    /// <summary>
    /// Scans balanced parentheses at <paramref name="open"/> as twitter-text allows them in paths: <c>(…)</c> with path
    /// characters inside, or <c>(…(…)…)</c> with one nested pair. Returns the index after the closing one, or -1.
    /// </summary>
    private static int ScanBalancedParens(string text, int open)
    {
        var nested = 0;      // 0: none yet, 1: inside the nested pair, 2: the nested pair closed
        var nestedLength = 0;
        var length = 0;
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '(')
            {
                if (nested != 0)
                {
                    return -1;
                }

                nested = 1;
            }
            else if (c == ')')
            {
                if (nested == 1)
                {
                    if (nestedLength == 0)
                    {
                        return -1;
                    }

                    nested = 2;
                    continue;
                }

                return nested == 2 || length > 0 ? i + 1 : -1;
            }
            else if (IsPathChar(c))
            {
                if (nested == 1)
                {
                    nestedLength++;
                }
                else
                {
                    length++;
                }
            }
            else
            {
                return -1;
            }
        }

        return -1;
    }

    private static int ScanQuery(string text, int start)
    {
        if (start >= text.Length || text[start] != '?')
        {
            return start;
        }

        var end = start;
        for (var i = start + 1; i < text.Length && IsQueryChar(text[i]); i++)
        {
            if (IsQueryEndChar(text[i]))
            {
                end = i + 1;
            }
        }

        return end;
    }

    private static bool IsLatinAccent(char c) => c is (>= '\u00C0' and <= '\u00D6') or (>= '\u00D8' and <= '\u00F6') or (>= '\u00F8' and <= '\u024F')
        or '\u0253' or '\u0254' or '\u0256' or '\u0257' or '\u0259' or '\u025B' or '\u0263' or '\u0268' or '\u026F' or '\u0272' or '\u0289' or '\u028B' or '\u02BB'
        or (>= '\u0300' and <= '\u036F') or (>= '\u1E00' and <= '\u1EFF');

    private static bool IsPathChar(char c) => char.IsAsciiLetterOrDigit(c) || c is (>= '\u0400' and <= '\u04FF') || IsLatinAccent(c)
        || c is '!' or '*' or '\'' or ';' or ':' or '=' or '+' or ',' or '.' or '$' or '/' or '%' or '#' or '[' or ']' or '-' or '\u2013' or '_' or '~' or '|' or '&' or '@';

    private static bool IsPathEndChar(char c) => char.IsAsciiLetterOrDigit(c) || c is (>= '\u0400' and <= '\u04FF') || IsLatinAccent(c)
        || c is '+' or '-' or '=' or '_' or '#' or '/';

    private static bool IsQueryChar(char c) => char.IsAsciiLetterOrDigit(c)
        || c is '!' or '?' or '*' or '\'' or '@' or '(' or ')' or ';' or ':' or '&' or '=' or '+' or '$' or '/' or '%' or '#' or '[' or ']' or '-' or '_' or '.' or ',' or '~' or '|';

    private static bool IsQueryEndChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '&' or '=' or '#' or '/';

    [GeneratedRegex(UrlStart, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex UrlStartRegex();

    [GeneratedRegex(AsciiDomain, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AsciiDomainRegex();

    [GeneratedRegex(ShortCountryDomain, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShortCountryDomainRegex();

    [GeneratedRegex(SpecialShortDomain, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpecialShortDomainRegex();
}
