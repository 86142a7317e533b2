using System.Text;

namespace SocialCare.Channels.Twitter;

/// <summary>
/// Turns the text of a post or DM as X delivers it into what people read (x.md §4.2): entity indices count Unicode code
/// points over the HTML-escaped text, so the display range is cut first, and the HTML entities are decoded after, once.
/// </summary>
internal static class XText
{
    /// <summary>
    /// Cuts <paramref name="text"/> to the code points <c>[start, end)</c> (a <c>display_text_range</c>), clamped to the text.
    /// Returns the same instance when the range covers it all.
    /// </summary>
    public static string SliceCodePoints(string text, int start, int end)
    {
        start = Math.Max(start, 0);
        if (!HasSurrogates(text))
        {
            // Every code point is one char.
            var from = Math.Clamp(start, 0, text.Length);
            var to = Math.Clamp(end, from, text.Length);
            return from == 0 && to == text.Length ? text : text[from..to];
        }

        // Walk the text by code point (a lone surrogate counts as one, as Rune decoding reports it).
        var span = text.AsSpan();
        int index = 0, codePoint = 0, startIndex = -1, endIndex = text.Length;
        while (index < span.Length)
        {
            if (codePoint == start)
            {
                startIndex = index;
            }

            if (codePoint == end)
            {
                endIndex = index;
                break;
            }

            Rune.DecodeFromUtf16(span[index..], out _, out var consumed);
            index += consumed;
            codePoint++;
        }

        if (startIndex < 0)
        {
            startIndex = codePoint == start ? index : text.Length;
        }

        endIndex = Math.Max(endIndex, startIndex);
        return startIndex == 0 && endIndex == text.Length ? text : text[startIndex..endIndex];
    }

    /// <summary>
    /// Decodes the HTML entities X writes in post and DM text (<c>&amp;amp; &amp;lt; &amp;gt; &amp;quot; &amp;#39;</c>, numeric
    /// references) in one pass, so <c>&amp;amp;lt;</c> becomes <c>&amp;lt;</c>. Unknown entities are kept as they are.
    /// Returns the same instance when there is nothing to decode.
    /// </summary>
    public static string HtmlDecode(string text)
    {
        var first = text.IndexOf('&');
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, first);
        var span = text.AsSpan();
        var i = first;
        while (i < span.Length)
        {
            var c = span[i];
            if (c != '&')
            {
                var next = span[i..].IndexOf('&');
                var run = next < 0 ? span.Length - i : next;
                builder.Append(span.Slice(i, run));
                i += run;
                continue;
            }

            var semicolon = span.Slice(i, Math.Min(12, span.Length - i)).IndexOf(';');
            if (semicolon > 1 && TryDecodeEntity(span.Slice(i + 1, semicolon - 1), builder))
            {
                i += semicolon + 1;
                continue;
            }

            builder.Append('&');
            i++;
        }

        return builder.ToString();
    }

    /// <summary>Removes each occurrence of <paramref name="url"/> (a media link X appends) and the white space it leaves at the ends.</summary>
    public static string RemoveLink(string text, string? url)
    {
        if (string.IsNullOrEmpty(url) || text.IndexOf(url, StringComparison.Ordinal) < 0)
        {
            return text;
        }

        return text.Replace(url, string.Empty, StringComparison.Ordinal).Trim();
    }

    private static bool HasSurrogates(string text) => text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;

    private static bool TryDecodeEntity(ReadOnlySpan<char> name, StringBuilder builder)
    {
        switch (name)
        {
            case "amp":
                builder.Append('&');
                return true;
            case "lt":
                builder.Append('<');
                return true;
            case "gt":
                builder.Append('>');
                return true;
            case "quot":
                builder.Append('"');
                return true;
            case "apos":
                builder.Append('\'');
                return true;
            case "nbsp":
                builder.Append('\u00A0');
                return true;
        }

        if (name.Length < 2 || name[0] != '#')
        {
            return false;
        }

        int value;
        var hex = name[1] is 'x' or 'X';
        var digits = hex ? name[2..] : name[1..];
        if (digits.IsEmpty
            || !int.TryParse(digits, hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value)
            || !Rune.IsValid(value)
            || value == 0)
        {
            return false;
        }

        var rune = new Rune(value);
        Span<char> chars = stackalloc char[2];
        var written = rune.EncodeToUtf16(chars);
        builder.Append(chars[..written]);
        return true;
    }
}
