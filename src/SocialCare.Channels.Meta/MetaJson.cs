using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SocialCare.Channels.Meta;

/// <summary>
/// Small, allocation-aware readers for the scalar values of Meta webhook bodies. Each method is called with the reader on
/// a value token and leaves it on the last token of that value (so a wrong-typed object or array is skipped whole).
/// Meta sends some numbers as JSON strings (meta.md §10.11): the numeric readers accept both.
/// </summary>
internal static class MetaJson
{
    /// <summary>Below this, a value in a millisecond field is taken as seconds (as milliseconds it would fall in 1973).</summary>
    private const long SecondsCeiling = 100_000_000_000;

    private const long MaxUnixSeconds = 253_402_300_799;
    private const long MaxUnixMilliseconds = 253_402_300_799_999;

    /// <summary>Reads a string, or the text of a number (ids such as <c>app_id</c> come either way); <see langword="null"/> otherwise.</summary>
    public static string? ReadString(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                // A number token is plain ASCII and never escaped.
                return Encoding.UTF8.GetString(reader.ValueSpan);
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>
    /// Reads an object and returns one of its properties as <see cref="ReadString"/> reads it (the last, if repeated),
    /// skipping the others: for wrappers such as <c>{"body":…}</c> or <c>{"id":…}</c>. <see langword="null"/> when the
    /// property is absent or the value is not an object.
    /// </summary>
    public static string? ReadStringProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (match)
            {
                value = ReadString(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return value;
    }

    /// <summary>Reads an integer given as a JSON number or as a string of digits.</summary>
    public static bool TryReadInt64(ref Utf8JsonReader reader, out long value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out value))
                {
                    return true;
                }

                if (reader.TryGetDouble(out var d) && double.IsFinite(d) && d >= long.MinValue && d <= long.MaxValue)
                {
                    value = (long)d;
                    return true;
                }

                break;
            case JsonTokenType.String:
                if (!reader.ValueIsEscaped)
                {
                    var span = reader.ValueSpan;
                    if (Utf8Parser.TryParse(span, out value, out var consumed) && consumed == span.Length)
                    {
                        return true;
                    }
                }
                else if (long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
                {
                    return true;
                }

                break;
            default:
                reader.Skip();
                break;
        }

        value = 0;
        return false;
    }

    /// <summary>Reads a number given as a JSON number or a string.</summary>
    public static double? ReadDouble(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;
            case JsonTokenType.String:
                return double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && double.IsFinite(s) ? s : null;
            default:
                reader.Skip();
                return null;
        }
    }

    /// <summary>Reads <c>true</c> (or the string <c>"true"</c>); anything else is false.</summary>
    public static bool ReadBoolean(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.String:
                return reader.ValueTextEquals("true"u8);
            default:
                reader.Skip();
                return false;
        }
    }

    /// <summary>Tells whether an id read from the body can be used as one (the identifier types reject empty and blank text).</summary>
    public static bool IsId([NotNullWhen(true)] string? value) => !string.IsNullOrWhiteSpace(value);

    /// <summary>
    /// Returns the absolute http(s) URI the text holds, or <see langword="null"/>. (On Unix, <see cref="Uri"/> takes a
    /// path such as <c>/x</c> for an absolute <c>file:</c> URI; Meta only sends web addresses.)
    /// </summary>
    public static Uri? AbsoluteUri(string? value) =>
        value is not null
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : null;

    /// <summary>
    /// Converts a Messenger time (epoch milliseconds). A value too small to be milliseconds of a real event is taken
    /// as seconds: the dashboard's test payloads send seconds as strings (meta.md §4.5, §10.11).
    /// </summary>
    public static bool TryFromEpochMilliseconds(long value, out DateTimeOffset time)
    {
        if (value > 0 && value < SecondsCeiling)
        {
            value *= 1000;
        }

        if (value <= 0 || value > MaxUnixMilliseconds)
        {
            time = default;
            return false;
        }

        time = DateTimeOffset.FromUnixTimeMilliseconds(value);
        return true;
    }

    /// <summary>Converts a Page feed time (epoch seconds); a value only milliseconds can explain is taken as milliseconds.</summary>
    public static bool TryFromEpochSeconds(long value, out DateTimeOffset time)
    {
        if (value >= SecondsCeiling)
        {
            return TryFromEpochMilliseconds(value, out time);
        }

        if (value <= 0 || value > MaxUnixSeconds)
        {
            time = default;
            return false;
        }

        time = DateTimeOffset.FromUnixTimeSeconds(value);
        return true;
    }

    /// <summary>Formats an integer for an idempotency key, independent of the current culture.</summary>
    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The most distinct names a parse summary keeps of what it skipped.</summary>
    public const int MaxIgnoredKinds = 16;

    private const int MaxKindNameLength = 64;

    /// <summary>Parses a whole body from its first token, with the reader and the parser's state passed by reference.</summary>
    /// <typeparam name="TContext">The parser's state.</typeparam>
    /// <param name="reader">The reader, before the first token.</param>
    /// <param name="context">The parser's state.</param>
    /// <returns>Why the body was refused, or <see langword="null"/>.</returns>
    public delegate string? BodyParser<TContext>(ref Utf8JsonReader reader, ref TContext context);

    /// <summary>
    /// Runs a hand-written webhook parser over a body, turning the reader's failures (malformed JSON, strings that are not
    /// UTF-8) into a short reason that names the place, never the content.
    /// </summary>
    /// <typeparam name="TContext">The parser's state.</typeparam>
    /// <param name="body">The body.</param>
    /// <param name="context">The parser's state.</param>
    /// <param name="parse">The parser.</param>
    /// <returns>Why the body was refused, or <see langword="null"/> when it parsed.</returns>
    public static string? Parse<TContext>(ReadOnlySpan<byte> body, ref TContext context, BodyParser<TContext> parse)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            return parse(ref reader, ref context);
        }
        catch (JsonException ex)
        {
            return $"body is not well-formed JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine})";
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetString throws this for a string that is not valid UTF-8.
            return "body holds a string that is not valid UTF-8";
        }
    }

    /// <summary>Counts a skipped item and keeps its kind's name (at most <see cref="MaxIgnoredKinds"/> distinct names).</summary>
    /// <param name="ignored">The summary's count.</param>
    /// <param name="kinds">The summary's names, created on first use.</param>
    /// <param name="kind">The kind: a field or key name, never content.</param>
    public static void AddIgnored(ref int ignored, ref List<string>? kinds, string kind)
    {
        ignored++;
        kinds ??= new List<string>(4);
        if (kinds.Count < MaxIgnoredKinds && !kinds.Contains(kind))
        {
            kinds.Add(kind);
        }
    }

    /// <summary>
    /// The name of the property or string value the reader is on, prefixed, as a kind for a summary: reuses a name
    /// already recorded (no allocation for a repeat) and cuts long names.
    /// </summary>
    /// <param name="reader">The reader, on a property name or string.</param>
    /// <param name="kinds">The names recorded so far, if any.</param>
    /// <param name="prefix">A prefix such as <c>status:</c>.</param>
    /// <returns>The name.</returns>
    public static string KindName(ref Utf8JsonReader reader, List<string>? kinds, string prefix = "")
    {
        if (kinds is not null && !reader.ValueIsEscaped)
        {
            var span = reader.ValueSpan;
            foreach (var kind in kinds)
            {
                if (kind.Length == prefix.Length + span.Length && kind.StartsWith(prefix, StringComparison.Ordinal) && Ascii.Equals(span, kind.AsSpan(prefix.Length)))
                {
                    return kind;
                }
            }
        }

        return prefix + TruncateKind(reader.GetString() ?? string.Empty);
    }

    /// <summary>Cuts a kind's name to 64 characters, so that a hostile body cannot fill logs.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The name, at most 64 characters long.</returns>
    public static string TruncateKind(string name) => name.Length <= MaxKindNameLength ? name : name[..MaxKindNameLength];

    /// <summary>
    /// Walks Meta's webhook envelope, <c>{"object": …, "entry": [ … ]}</c>, in any property order: records the object,
    /// hands each entry to <paramref name="parseEntry"/> when the object is <paramref name="expectedObject"/>, and counts
    /// the entries of any other object as ignored. When <c>object</c> follows <c>entry</c>, a copy of the reader looks ahead.
    /// </summary>
    /// <typeparam name="TContext">The parser's state (a struct, updated in place).</typeparam>
    /// <param name="reader">The reader, before the first token.</param>
    /// <param name="context">The parser's state.</param>
    /// <param name="expectedObject">The object the parser handles (<c>page</c>, <c>whatsapp_business_account</c>); recorded as this very instance when seen.</param>
    /// <param name="parseEntry">Reads one entry, from its start; returns why the body is refused, or <see langword="null"/>.</param>
    /// <returns>Why the body was refused, or <see langword="null"/>.</returns>
    public static string? ParseEnvelope<TContext>(ref Utf8JsonReader reader, ref TContext context, string expectedObject, BodyParser<TContext> parseEntry)
        where TContext : struct, IMetaEnvelope
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "body is not a JSON object";
        }

        bool? expected = null;
        while (true)
        {
            if (!reader.Read())
            {
                return "body is truncated";
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (reader.ValueTextEquals("object"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    return "\"object\" is not a string";
                }

                context.Object = ObjectName(ref reader, expectedObject);
                expected = ReferenceEquals(context.Object, expectedObject);
            }
            else if (reader.ValueTextEquals("entry"u8))
            {
                if (expected is null)
                {
                    // "object" comes after "entry": look ahead for it with a copy of the reader.
                    var probe = reader;
                    context.Object = ProbeObject(ref probe, expectedObject);
                    expected = ReferenceEquals(context.Object, expectedObject);
                }

                var error = ParseEntries(ref reader, ref context, expected.Value, parseEntry);
                if (error is not null)
                {
                    return error;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (context.Object is null)
        {
            return "\"object\" is missing";
        }

        // Only white space may follow (the reader throws on anything else).
        return reader.Read() ? "body has content after the JSON object" : null;
    }

    /// <summary>The <c>object</c> string: the expected value as the given instance (no allocation, reference-comparable).</summary>
    private static string? ObjectName(ref Utf8JsonReader reader, string expectedObject) =>
        reader.ValueTextEquals(expectedObject) ? expectedObject : reader.GetString();

    /// <summary>From the <c>entry</c> property name, skips its value and reads the top-level <c>object</c> that follows.</summary>
    private static string? ProbeObject(ref Utf8JsonReader probe, string expectedObject)
    {
        probe.Read();
        probe.Skip();
        while (probe.Read() && probe.TokenType == JsonTokenType.PropertyName)
        {
            if (probe.ValueTextEquals("object"u8))
            {
                probe.Read();
                return probe.TokenType == JsonTokenType.String ? ObjectName(ref probe, expectedObject) : null;
            }

            probe.Read();
            probe.Skip();
        }

        return null;
    }

    private static string? ParseEntries<TContext>(ref Utf8JsonReader reader, ref TContext context, bool expected, BodyParser<TContext> parseEntry)
        where TContext : struct, IMetaEnvelope
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return "\"entry\" is not an array";
        }

        string? otherObjectKind = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return "an \"entry\" item is not an object";
            }

            context.CountEntry();
            if (expected)
            {
                var error = parseEntry(ref reader, ref context);
                if (error is not null)
                {
                    return error;
                }
            }
            else
            {
                reader.Skip();
                otherObjectKind ??= "object:" + TruncateKind(context.Object ?? "(missing)");
                context.Ignore(otherObjectKind);
            }
        }

        return null;
    }
}

/// <summary>What <see cref="MetaJson.ParseEnvelope"/> records in a parser's state: the object, the entries, what was skipped.</summary>
internal interface IMetaEnvelope
{
    /// <summary>Gets or sets the top-level <c>object</c> value.</summary>
    string? Object { get; set; }

    /// <summary>Counts one <c>entry[]</c> item.</summary>
    void CountEntry();

    /// <summary>Counts a skipped item and keeps its kind's name.</summary>
    /// <param name="kind">The kind: a field or key name, never content.</param>
    void Ignore(string kind);
}
