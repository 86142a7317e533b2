using System.Globalization;
using System.Text.Json;
using SocialCare.Testing;

namespace SocialCare.Reliability.Tests;

/// <summary>
/// The suite's mode and sizes. Short (the default, for CI) or long (<c>SOCIALCARE_RELIABILITY=long</c>); the seed comes
/// from <c>SOCIALCARE_RELIABILITY_SEED</c> when set, so a reported failure can be replayed.
/// </summary>
internal static class Suite
{
    /// <summary>The seed used when none is given: short runs are the same on every machine.</summary>
    public const int DefaultSeed = 20261122;

    public static bool IsLong { get; } =
        string.Equals(Environment.GetEnvironmentVariable("SOCIALCARE_RELIABILITY"), "long", StringComparison.OrdinalIgnoreCase);

    public static string Mode => IsLong ? "long" : "short";

    /// <summary>Gets the seed: the environment variable, else a fresh one in long mode, else <see cref="DefaultSeed"/>.</summary>
    public static int Seed { get; } = ReadSeed();

    /// <summary>Gets how many hostile cases each channel gets.</summary>
    public static int HostileCasesPerChannel => IsLong ? 100_000 : 5_000;

    /// <summary>Gets how many hostile cases go through Kestrel (a subset of the mutations, per channel).</summary>
    public static int HttpCasesPerChannel => IsLong ? 2_000 : 150;

    /// <summary>Gets how many distinct events each channel gets in the duplicate storm (each delivered three times).</summary>
    public static int StormEventsPerChannel => IsLong ? 600 : 60;

    /// <summary>Gets how many replies per channel the outbound fault test sends.</summary>
    public static int RepliesPerChannel => IsLong ? 60 : 12;

    /// <summary>Gets how many times the SQLite crash scenario runs, each with its own kill point (once in short mode).</summary>
    public static int CrashRepetitions => IsLong ? 20 : 1;

    /// <summary>
    /// A random source for one case, derived from the seed, a stream (a channel, a test) and the case number with a fixed
    /// mix (not <see cref="HashCode"/>, whose seed changes with every process), so that a printed seed and case number
    /// replay the same case in another run.
    /// </summary>
    public static Random ForCase(int stream, int caseNumber) => new(Mix(Seed, stream, caseNumber));

    /// <summary>SplitMix64 over the three numbers: the same inputs give the same seed in every process.</summary>
    internal static int Mix(int seed, int stream, int caseNumber)
    {
        var x = ((ulong)(uint)seed << 32) ^ ((ulong)(uint)stream << 24) ^ (uint)caseNumber;
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (int)(x & int.MaxValue);
    }

    private static int ReadSeed()
    {
        var text = Environment.GetEnvironmentVariable("SOCIALCARE_RELIABILITY_SEED");
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
        {
            return seed;
        }

        return IsLong ? Random.Shared.Next() : DefaultSeed;
    }
}

/// <summary>The fixtures of <c>shared/platforms/fixtures</c>, copied beside the test assembly under <c>Fixtures/meta</c> and <c>Fixtures/x</c>.</summary>
internal static class Fixtures
{
    public static string Folder(string network) => Path.Combine(AppContext.BaseDirectory, "Fixtures", network);

    /// <summary>The webhook fixtures of a channel (the files starting with <paramref name="prefix"/>), name and bytes, sorted by name.</summary>
    public static IReadOnlyList<(string Name, byte[] Body)> Webhooks(string network, string prefix) =>
        [.. Directory.GetFiles(Folder(network), prefix + "*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))];

    /// <summary>Every message text of the fixtures (the string values of <c>text</c> and <c>body</c>), at least 12 characters long.</summary>
    public static IReadOnlyList<string> MessageTexts()
    {
        var texts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var network in new[] { "meta", "x" })
        {
            foreach (var file in Directory.GetFiles(Folder(network), "*.json"))
            {
                if (Path.GetFileName(file).StartsWith('_'))
                {
                    continue;
                }

                using var document = JsonDocument.Parse(File.ReadAllBytes(file));
                Collect(document.RootElement, texts);
            }
        }

        return [.. texts.Order(StringComparer.Ordinal)];
    }

    private static void Collect(JsonElement element, HashSet<string> texts)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name is "text" or "body" && property.Value.ValueKind == JsonValueKind.String
                        && property.Value.GetString() is { Length: >= 12 } text)
                    {
                        texts.Add(text);
                    }

                    Collect(property.Value, texts);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, texts);
                }

                break;
        }
    }
}

/// <summary>
/// All log output of the suite: every host of every test class logs here at <c>Trace</c>. Each test class checks it
/// when it ends (<see cref="SuiteTest"/>) for secrets and message text.
/// </summary>
public sealed class SuiteLogs : IDisposable
{
    private readonly HashSet<string> _texts = new(StringComparer.Ordinal);
    private readonly List<string> _leaks = [];

    public SuiteLogs()
    {
        foreach (var text in Fixtures.MessageTexts())
        {
            _texts.Add(text);
        }

        _texts.Add(Secrets.TextMarker);
    }

    public TestLoggerProvider Provider { get; } = new();

    /// <summary>Remembers a message text the suite sent or received, so that the log check looks for it too.</summary>
    public void AddText(string text)
    {
        lock (_texts)
        {
            _texts.Add(text);
        }
    }

    /// <summary>Gets how many log entries the suite has checked so far.</summary>
    public long EntriesChecked { get; private set; }

    /// <summary>
    /// Every secret and message text that appears in the log output captured so far, with where (empty when clean). The
    /// entries are checked once, as they come, and then dropped: the long mode logs millions of them.
    /// </summary>
    public IReadOnlyList<string> Leaks()
    {
        string[] needles;
        lock (_texts)
        {
            needles = [.. Secrets.All, .. _texts];
        }

        lock (_leaks)
        {
            var entries = Provider.TakeEntries();
            EntriesChecked += entries.Count;
            foreach (var entry in entries)
            {
                var line = entry.Message + "\n" + entry.Exception;
                foreach (var needle in needles)
                {
                    if (line.Contains(needle, StringComparison.Ordinal))
                    {
                        _leaks.Add($"{entry.Category} event {entry.EventId.Id} ({entry.Level}) shows \"{Shorten(needle)}\"");
                    }
                }
            }

            return [.. _leaks];
        }
    }

    public void Dispose() => Provider.Dispose();

    private static string Shorten(string text) => text.Length <= 24 ? text : text[..24] + "…";
}

/// <summary>The collection every class of the suite belongs to: they share <see cref="SuiteLogs"/> and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ReliabilityCollection : ICollectionFixture<SuiteLogs>
{
    public const string Name = "reliability";
}

/// <summary>
/// The base of the suite's test classes: when each test ends, the whole suite's log output so far holds no secret and
/// no message text (a test that leaked fails, and so does every later one, which names the same leak).
/// </summary>
[Collection(ReliabilityCollection.Name)]
public abstract class SuiteTest(SuiteLogs logs) : IAsyncLifetime
{
    protected SuiteLogs Logs { get; } = logs;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        var leaks = Logs.Leaks();
        Assert.True(leaks.Count == 0, $"Secrets or message text in the log output ({leaks.Count}):\n" + string.Join("\n", leaks.Distinct().Take(20)));
        return Task.CompletedTask;
    }
}

/// <summary>The secrets every host of the suite is configured with; none may appear in a log line.</summary>
internal static class Secrets
{
    public const string MetaAppSecret = "shared-fixture-app-secret-9a7b3c";
    public const string PreviousMetaAppSecret = "rel-old-app-secret-51c9e0";
    public const string VerifyToken = "vt-3f9c2e71a8";
    public const string PageToken = "EAAG-rel-page-token-7f3a19c2d4";
    public const string WhatsAppToken = "EAAG-rel-wa-token-0b8e44d1f6";
    public const string XConsumerSecret = "kP3xV9qLm2TzR8wN4sYb7JcH1dF6gA0eU5iO2rE9tQw";
    public const string XAccessToken = "1278843152204431360-rel-access-token-c0ffee";
    public const string XAccessTokenSecret = "rel-access-token-secret-9d8c7b";
    public const string XBearer = "rel-app-only-bearer-4e5f6a";

    /// <summary>A phrase the hostile mutator writes into message text: it must never reach a log line.</summary>
    public const string TextMarker = "hostile-text-marker-QX7";

    public static IReadOnlyList<string> All { get; } =
        [MetaAppSecret, PreviousMetaAppSecret, VerifyToken, PageToken, WhatsAppToken, XConsumerSecret, XAccessToken, XAccessTokenSecret, XBearer];
}
