using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace SocialCare.Channels.Twitter;

/// <summary>
/// Small readers for the scalar values of X payloads. Each is called with the reader on a value token and leaves it on the
/// last token of that value, so a value of an unexpected type (an object where a string was expected) is skipped whole.
/// </summary>
internal static class XJson
{
    /// <summary>The first millisecond of X's snowflake epoch (2010-11-04): <c>(id &gt;&gt; 22) + epoch</c> is when the id was made.</summary>
    private const long SnowflakeEpoch = 1288834974657;

    /// <summary>The largest integer a JSON number can carry exactly once it has been through a double (2^53).</summary>
    private const long MaxExactNumber = 9_007_199_254_740_992;

    private const long MaxUnixMilliseconds = 253_402_300_799_999;

    /// <summary>Below this a "milliseconds" value is taken as seconds (as milliseconds it would fall in 1973).</summary>
    private const long SecondsCeiling = 100_000_000_000;

    /// <summary>Reads a string; anything else (a number, an object, <c>null</c>) yields <see langword="null"/>.</summary>
    public static string? ReadString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    /// <summary>
    /// Reads an id given as a string, or as a number small enough to be exact (X's numeric <c>id</c> fields exceed 2^53 and
    /// arrive rounded: a large number is refused, so that only <c>id_str</c> and string ids are trusted, x.md §4.2).
    /// </summary>
    public static string? ReadId(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var value) && value >= 0 && value < MaxExactNumber
                    ? value.ToString(CultureInfo.InvariantCulture)
                    : null;
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>Reads <c>true</c> or the string <c>"true"</c> (X sends <c>user_has_blocked</c> either way); anything else is false.</summary>
    public static bool ReadBoolean(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.String:
                return reader.ValueTextEquals("true"u8) || reader.ValueTextEquals("True"u8);
            default:
                reader.Skip();
                return false;
        }
    }

    /// <summary>Reads an integer given as a JSON number or a string of digits (X's millisecond times come either way).</summary>
    public static long? ReadInt64(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var number))
                {
                    return number;
                }

                return reader.TryGetDouble(out var d) && double.IsFinite(d) && d >= long.MinValue && d <= long.MaxValue ? (long)d : null;
            case JsonTokenType.String:
                if (!reader.ValueIsEscaped)
                {
                    var span = reader.ValueSpan;
                    return Utf8Parser.TryParse(span, out long value, out var consumed) && consumed == span.Length ? value : null;
                }

                return long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>Reads a two-number array such as <c>display_text_range</c>; <see langword="null"/> when it is anything else.</summary>
    public static (int Start, int End)? ReadRange(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var count = 0;
        int start = 0, end = 0;
        var valid = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value))
            {
                valid = false;
                reader.Skip();
            }
            else if (count == 0)
            {
                start = value;
            }
            else if (count == 1)
            {
                end = value;
            }

            count++;
        }

        return valid && count == 2 && start >= 0 && end >= start ? (start, end) : null;
    }

    /// <summary>Reads an array of strings (ids), skipping anything else in it; <see langword="null"/> when the value is not an array.</summary>
    public static List<string>? ReadStringArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        var list = new List<string>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (ReadId(ref reader) is { } value)
            {
                list.Add(value);
            }
        }

        return list;
    }

    /// <summary>Reads the value after a property name whose value is not needed.</summary>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>Tells whether a text can be used as an id (the identifier types refuse empty and blank text).</summary>
    public static bool IsId([NotNullWhen(true)] string? value) => !string.IsNullOrWhiteSpace(value);

    /// <summary>Converts epoch milliseconds (a value only seconds can explain is taken as seconds).</summary>
    public static DateTimeOffset? FromUnixMilliseconds(long? value)
    {
        if (value is not { } ms)
        {
            return null;
        }

        if (ms > 0 && ms < SecondsCeiling)
        {
            ms *= 1000;
        }

        return ms > 0 && ms <= MaxUnixMilliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <summary>
    /// Parses an X time: the v1.1 form <c>Wed Oct 10 20:19:24 +0000 2018</c> (invariant culture) or ISO 8601
    /// (<c>2026-07-24T21:05:48.000Z</c>, <c>2026-10-15T08:02:41+00:00</c>).
    /// </summary>
    public static DateTimeOffset? ParseTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var span = text.AsSpan().Trim();
        if (span.Length > 0 && char.IsAsciiDigit(span[0]))
        {
            return DateTimeOffset.TryParse(span, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var iso)
                ? iso
                : null;
        }

        return TryParseTwitterTime(span, out var time) ? time : null;
    }

    /// <summary>
    /// Reads a time string: ISO 8601 through the reader's own allocation-free parser (v2 and X Activity API times), else
    /// the forms <see cref="ParseTime"/> accepts; <see langword="null"/> for anything else.
    /// </summary>
    public static DateTimeOffset? ReadTime(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        return reader.TryGetDateTimeOffset(out var time) ? time : ParseTime(reader.GetString());
    }

    /// <summary>Returns when a snowflake id was made: a fallback time for posts and DMs that carry none.</summary>
    public static DateTimeOffset? FromSnowflake(string? id)
    {
        if (id is null || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < (1L << 22))
        {
            return null;
        }

        return FromUnixMilliseconds((value >> 22) + SnowflakeEpoch);
    }

    /// <summary>Parses <c>ddd MMM dd HH:mm:ss +hhmm yyyy</c>, honouring the offset (X always writes <c>+0000</c>).</summary>
    private static bool TryParseTwitterTime(ReadOnlySpan<char> text, out DateTimeOffset time)
    {
        time = default;

        // "Wed Oct 14 09:05:12 +0000 2026": six parts separated by single spaces.
        Span<Range> parts = stackalloc Range[7];
        if (text.Split(parts, ' ', StringSplitOptions.RemoveEmptyEntries) != 6)
        {
            return false;
        }

        var offsetText = text[parts[4]];
        if (offsetText.Length != 5 || offsetText[0] is not ('+' or '-')
            || !int.TryParse(offsetText[1..3], NumberStyles.None, CultureInfo.InvariantCulture, out var offsetHours)
            || !int.TryParse(offsetText[3..5], NumberStyles.None, CultureInfo.InvariantCulture, out var offsetMinutes)
            || offsetHours > 14 || offsetMinutes > 59)
        {
            return false;
        }

        Span<char> local = stackalloc char[40];
        var length = 0;
        Append(local, ref length, text[parts[0]]);
        Append(local, ref length, " ");
        Append(local, ref length, text[parts[1]]);
        Append(local, ref length, " ");
        Append(local, ref length, text[parts[2]]);
        Append(local, ref length, " ");
        Append(local, ref length, text[parts[3]]);
        Append(local, ref length, " ");
        Append(local, ref length, text[parts[5]]);
        if (length < 0
            || !DateTime.TryParseExact(local[..length], "ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime))
        {
            return false;
        }

        var offset = new TimeSpan(offsetHours, offsetMinutes, 0);
        time = new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Unspecified), offsetText[0] == '-' ? -offset : offset).ToUniversalTime();
        return true;
    }

    private static void Append(Span<char> destination, ref int length, ReadOnlySpan<char> value)
    {
        if (length < 0 || length + value.Length > destination.Length)
        {
            length = -1;
            return;
        }

        value.CopyTo(destination[length..]);
        length += value.Length;
    }

    /// <summary>Formats an integer for an idempotency key, independent of the current culture.</summary>
    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Returns the absolute http(s) address a text holds, or <see langword="null"/>.</summary>
    public static Uri? AbsoluteUri(string? value) =>
        value is not null
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : null;

    /// <summary>The name of the property the reader is on, cut to 64 characters, for a summary's ignored kinds.</summary>
    public static string PropertyName(ref Utf8JsonReader reader, string prefix = "")
    {
        var name = reader.GetString() ?? string.Empty;
        if (name.Length > 64)
        {
            name = name[..64];
        }

        return prefix.Length == 0 ? name : string.Concat(prefix, name);
    }
}
