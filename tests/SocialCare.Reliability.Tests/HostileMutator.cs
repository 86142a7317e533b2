using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SocialCare.Reliability.Tests;

/// <summary>What the mutator does to a fixture.</summary>
internal enum Mutation
{
    Truncate,
    ByteFlip,
    WrongType,
    MissingKey,
    DuplicateKey,
    DeepNesting,
    HugeString,
    InvalidUtf8,
    NumberOutOfRange,
    WrongRoot,
    Combined,
}

/// <summary>One hostile body: the fixture it came from, what was done, and the bytes (signed later, so they reach the parser).</summary>
internal sealed record HostileCase(string Fixture, Mutation Mutation, string Detail, byte[] Body)
{
    public override string ToString() => $"{Mutation} of {Fixture} ({Detail}, {Body.Length} bytes)";
}

/// <summary>
/// A seeded mutator over a channel's webhook fixtures: truncation, byte flips, values of the wrong JSON type, missing
/// and duplicated keys, nesting 10,000 deep, 10 MB strings, invalid UTF-8 and numbers out of range. The same
/// <see cref="Random"/> state gives the same case, so a failure is replayed from its seed and case number.
/// </summary>
internal sealed class HostileMutator
{
    /// <summary>How deep <see cref="Mutation.DeepNesting"/> nests.</summary>
    public const int NestingDepth = 10_000;

    /// <summary>The length of a <see cref="Mutation.HugeString"/> string: 10 MB of ASCII.</summary>
    public const int HugeLength = 10 * 1024 * 1024;

    private const string Sentinel = "__socialcare_reliability_raw_";

    private static readonly Lazy<string> HugePlain = new(() => new string('A', HugeLength));

    private static readonly Lazy<string> HugeText = new(() =>
    {
        var builder = new StringBuilder(HugeLength);
        while (builder.Length < HugeLength)
        {
            builder.Append(Secrets.TextMarker).Append(' ');
        }

        return builder.ToString(0, HugeLength);
    });

    private static readonly string[] OutOfRange =
    [
        "1e400", "-1e400", "18446744073709551616", "-9223372036854775809", "99999999999999999999999999999999999999",
        "1.7976931348623157e309", "-0", "0.0000000000000000000000001", "2147483648", "-2147483649", "1.5", "-1",
        "\"99999999999999999999\"", "\"-1\"", "\"1e400\"", "\"NaN\"", "\"Infinity\"", "\"\"", "\"0x1F\"", "\"١٢٣\"",
    ];

    private static readonly byte[][] BadUtf8 =
    [
        [0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xFE, 0xFF], [0xF0, 0x9F, 0x98],
    ];

    private static readonly string[] Roots = ["", "null", "[]", "{}", "\"text\"", "0", "true", "[{}]", "{\"object\":null}", "{\"entry\":{}}", " ", "\uFEFF{}"];

    private readonly IReadOnlyList<(string Name, byte[] Body, JsonNode Node)> _fixtures;
    private readonly Mutation[] _mutations;

    /// <param name="fixtures">The channel's webhook fixtures.</param>
    /// <param name="mutations">The mutations to draw from (all but <see cref="Mutation.HugeString"/>, which is drawn rarely, when null).</param>
    public HostileMutator(IReadOnlyList<(string Name, byte[] Body)> fixtures, IReadOnlyList<Mutation>? mutations = null)
    {
        if (fixtures.Count == 0)
        {
            throw new ArgumentException("No fixtures to mutate.", nameof(fixtures));
        }

        _fixtures = [.. fixtures.Select(f => (f.Name, f.Body, JsonNode.Parse(f.Body)!))];
        _mutations = mutations is null ? [.. Enum.GetValues<Mutation>().Where(m => m != Mutation.HugeString)] : [.. mutations];
    }

    /// <summary>Gets whether <see cref="Mutation.HugeString"/> may be drawn (one case in 200).</summary>
    public bool IncludeHugeStrings { get; init; } = true;

    public HostileCase Next(Random random)
    {
        var (name, original, node) = _fixtures[random.Next(_fixtures.Count)];
        var mutation = IncludeHugeStrings && random.Next(200) == 0 ? Mutation.HugeString : _mutations[random.Next(_mutations.Length)];
        switch (mutation)
        {
            case Mutation.Truncate:
            {
                var length = random.Next(original.Length);
                return new HostileCase(name, mutation, $"cut at {length}", original[..length]);
            }

            case Mutation.ByteFlip:
            {
                var body = (byte[])original.Clone();
                var flips = 1 + random.Next(8);
                for (var i = 0; i < flips; i++)
                {
                    body[random.Next(body.Length)] ^= (byte)(1 << random.Next(8));
                }

                return new HostileCase(name, mutation, $"{flips} bits", body);
            }

            case Mutation.InvalidUtf8:
            {
                var quotes = Enumerable.Range(0, original.Length).Where(i => original[i] == (byte)'"').ToArray();
                var at = quotes.Length == 0 ? random.Next(original.Length) : quotes[random.Next(quotes.Length)] + 1;
                var bad = BadUtf8[random.Next(BadUtf8.Length)];
                byte[] body = [.. original.AsSpan(0, at), .. bad, .. original.AsSpan(at)];
                return new HostileCase(name, mutation, $"{Convert.ToHexString(bad)} at {at}", body);
            }

            case Mutation.WrongRoot:
            {
                var root = Roots[random.Next(Roots.Length)];
                return new HostileCase(name, mutation, $"body '{root}'", Encoding.UTF8.GetBytes(root));
            }

            default:
            {
                var edit = new Edit(node.DeepClone(), random);
                var detail = mutation == Mutation.Combined
                    ? string.Join("; ", Enumerable.Range(0, 2 + random.Next(3)).Select(_ => edit.Apply(Pick(random))))
                    : edit.Apply(mutation);
                return new HostileCase(name, mutation, detail, edit.Serialize());
            }
        }
    }

    private static Mutation Pick(Random random) => random.Next(5) switch
    {
        0 => Mutation.WrongType,
        1 => Mutation.MissingKey,
        2 => Mutation.DuplicateKey,
        3 => Mutation.NumberOutOfRange,
        _ => Mutation.DeepNesting,
    };

    /// <summary>Edits a copy of a fixture's tree; text that JSON nodes cannot hold (duplicate keys, raw numbers) goes in through sentinels.</summary>
    private sealed class Edit(JsonNode root, Random random)
    {
        private readonly List<(string Sentinel, string Raw)> _raw = [];

        public string Apply(Mutation mutation)
        {
            var slots = Slots(root, "$").ToList();
            if (slots.Count == 0)
            {
                return "no slot";
            }

            var slot = slots[random.Next(slots.Count)];
            switch (mutation)
            {
                case Mutation.WrongType:
                {
                    var kind = slot.Value?.GetValueKind();
                    JsonNode? replacement;
                    do
                    {
                        replacement = random.Next(8) switch
                        {
                            0 => JsonValue.Create(42),
                            1 => JsonValue.Create(true),
                            2 => null,
                            3 => JsonValue.Create("wrong type"),
                            4 => new JsonArray(),
                            5 => new JsonObject(),
                            6 => new JsonArray(JsonValue.Create(1), JsonValue.Create("a"), null),
                            _ => new JsonObject { ["id"] = JsonValue.Create(-7) },
                        };
                    }
                    while (replacement?.GetValueKind() == kind && kind is not null);

                    Set(slot, replacement);
                    return $"{slot.Path} := {replacement?.ToJsonString() ?? "null"}";
                }

                case Mutation.MissingKey:
                    Remove(slot);
                    return $"{slot.Path} removed";

                case Mutation.DuplicateKey:
                {
                    var objects = slots.Where(s => s.Parent is JsonObject).ToList();
                    if (objects.Count == 0)
                    {
                        return "no key";
                    }

                    var target = objects[random.Next(objects.Count)];
                    var other = random.Next(3) switch
                    {
                        0 => target.Value?.ToJsonString() ?? "null",
                        1 => "\"duplicate\"",
                        _ => "{\"id\":null}",
                    };
                    var sentinel = Sentinel + _raw.Count + "__";
                    ((JsonObject)target.Parent!)[sentinel] = null;
                    _raw.Add(("\"" + sentinel + "\":null", JsonEncodedName(target.Key!) + ":" + other));
                    return $"{target.Path} twice (then {Shorten(other)})";
                }

                case Mutation.DeepNesting:
                {
                    var open = random.Next(2) == 0 ? "[" : "{\"a\":";
                    var close = open == "[" ? "]" : "}";
                    var closed = random.Next(4) != 0;
                    var raw = string.Concat(Enumerable.Repeat(open, NestingDepth)) + (closed ? "1" + string.Concat(Enumerable.Repeat(close, NestingDepth)) : string.Empty);
                    Raw(slot, raw);
                    return $"{slot.Path} nested {NestingDepth} deep with '{open}'{(closed ? string.Empty : ", unclosed")}";
                }

                case Mutation.HugeString:
                {
                    // Message text carries the marker the log check looks for; other fields (ids, kinds) plain letters.
                    var strings = slots.Where(s => s.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String).ToList();
                    var target = strings.Count > 0 ? strings[random.Next(strings.Count)] : slot;
                    var isText = target.Key is "text" or "body" or "caption";
                    Raw(target, "\"" + (isText ? HugeText : HugePlain).Value + "\"");
                    return $"{target.Path} is a 10 MB string";
                }

                default:
                {
                    var numeric = slots.Where(s => s.Value is JsonValue v && (v.GetValueKind() == System.Text.Json.JsonValueKind.Number
                        || (v.TryGetValue<string>(out var text) && text.Length > 0 && text.All(char.IsAsciiDigit)))).ToList();
                    var target = numeric.Count > 0 && random.Next(10) < 8 ? numeric[random.Next(numeric.Count)] : slot;
                    var raw = OutOfRange[random.Next(OutOfRange.Length)];
                    Raw(target, raw);
                    return $"{target.Path} := {raw}";
                }
            }
        }

        public byte[] Serialize()
        {
            var text = root.ToJsonString();
            foreach (var (sentinel, raw) in _raw)
            {
                text = text.Replace(sentinel, raw, StringComparison.Ordinal);
            }

            return Encoding.UTF8.GetBytes(text);
        }

        private void Raw(Slot slot, string raw)
        {
            var sentinel = Sentinel + _raw.Count + "__";
            Set(slot, JsonValue.Create(sentinel));
            _raw.Add(("\"" + sentinel + "\"", raw));
        }

        private static string JsonEncodedName(string name) => JsonValue.Create(name).ToJsonString();

        private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

        private static IEnumerable<Slot> Slots(JsonNode? node, string path)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj.ToList())
                    {
                        if (key.StartsWith(Sentinel, StringComparison.Ordinal))
                        {
                            continue;
                        }

                        var child = $"{path}.{key}";
                        yield return new Slot(obj, key, -1, value, child);
                        foreach (var inner in Slots(value, child))
                        {
                            yield return inner;
                        }
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        var child = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
                        yield return new Slot(array, null, i, array[i], child);
                        foreach (var inner in Slots(array[i], child))
                        {
                            yield return inner;
                        }
                    }

                    break;
            }
        }

        private static void Set(Slot slot, JsonNode? value)
        {
            if (slot.Parent is JsonObject obj)
            {
                obj[slot.Key!] = value;
            }
            else if (slot.Parent is JsonArray array && slot.Index < array.Count)
            {
                array[slot.Index] = value;
            }
        }

        private static void Remove(Slot slot)
        {
            if (slot.Parent is JsonObject obj)
            {
                obj.Remove(slot.Key!);
            }
            else if (slot.Parent is JsonArray array && slot.Index < array.Count)
            {
                array.RemoveAt(slot.Index);
            }
        }
    }

    /// <summary>A place in the tree: its parent, its key or index, its value when listed, and a JSON path for the report.</summary>
    private sealed record Slot(JsonNode Parent, string? Key, int Index, JsonNode? Value, string Path);
}
