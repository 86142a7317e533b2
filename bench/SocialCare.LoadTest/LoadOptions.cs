using System.Globalization;
using SocialCare.LoadTest.Corpus;

namespace SocialCare.LoadTest;

/// <summary>Where to replay.</summary>
internal enum LoadMode
{
    /// <summary>The pipeline in this process (<c>IWebhookPipeline.ProcessAsync</c>).</summary>
    Pipeline,

    /// <summary>The inbox sample over HTTP: started in this process on 127.0.0.1, or at <c>--url</c>.</summary>
    Http,
}

/// <summary>The command line of the load tool.</summary>
internal sealed record LoadOptions
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        Usage: SocialCare.LoadTest <pipeline|http> [options]

          pipeline              replay in process through IWebhookPipeline.ProcessAsync
          http                  replay over HTTP against the inbox sample, started here on 127.0.0.1 (or --url)

          --store memory|sqlite the store (default memory); SQLite uses a new file in the temp folder
          --webhooks N          distinct webhooks in the corpus (default 20000)
          --customers N         customers writing them (default 2000)
          --duplicates R        share of webhooks delivered twice, byte for byte (default 0.1)
          --multi R             share of Meta webhooks carrying 2-3 events (default 0.1)
          --emoji R             share of texts with emoji and accented letters (default 0.1)
          --seed N              corpus seed (default 42)
          --epoch S             first event's time, Unix seconds (default now; printed, to repeat a run exactly)
          --connections N       concurrent requests (default 64)
          --rate R              webhooks per second, open loop (default 0: as fast as possible)
          --warmup N            webhooks sent first and not measured (default 50000, several seconds: the JIT's
                                tiers settle meanwhile; also checked)
          --url URL             http only: a running inbox in demo mode (SocialCare:Demo=true), instead of starting one
          --no-check            skip the exactly-once check

        Exit code: 0 when every request got a 2xx answer and every event is stored exactly once; 1 otherwise; 2 for bad arguments.
        """;

    /// <summary>Gets the mode.</summary>
    public LoadMode Mode { get; init; }

    /// <summary>Gets a value indicating whether the store is SQLite (else in memory).</summary>
    public bool Sqlite { get; init; }

    /// <summary>Gets the corpus to generate.</summary>
    public CorpusOptions Corpus { get; init; } = new();

    /// <summary>Gets the number of concurrent requests.</summary>
    public int Connections { get; init; } = 64;

    /// <summary>Gets the fixed rate in webhooks per second, or 0.</summary>
    public double Rate { get; init; }

    /// <summary>Gets the number of warm-up webhooks.</summary>
    /// <remarks>
    /// Large on purpose: for the first seconds under load .NET runs the code instrumented for dynamic PGO and only then
    /// its optimized tier. After 1,000 warm-up webhooks the inbox measured about 6,000 webhooks/s over HTTP; after 66,000
    /// (7 s), about 19,500 on the same machine: a short warm-up measures the JIT, not the SDK.
    /// </remarks>
    public int Warmup { get; init; } = 50_000;

    /// <summary>Gets the address of a running inbox, or <see langword="null"/> to start one.</summary>
    public Uri? Url { get; init; }

    /// <summary>Gets a value indicating whether to check that every event is stored exactly once.</summary>
    public bool Check { get; init; } = true;

    /// <summary>Parses the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="now">The time to use as the default epoch.</param>
    /// <returns>The options.</returns>
    /// <exception cref="FormatException">An argument is unknown or has a value that cannot be used; the message says which.</exception>
    public static LoadOptions Parse(IReadOnlyList<string> args, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0)
        {
            throw new FormatException("Say where to replay: pipeline or http.");
        }

        var options = new LoadOptions
        {
            Mode = args[0].ToLowerInvariant() switch
            {
                "pipeline" => LoadMode.Pipeline,
                "http" => LoadMode.Http,
                _ => throw new FormatException($"Unknown mode '{args[0]}': use pipeline or http."),
            },
            Corpus = new CorpusOptions { Epoch = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()) },
        };
        var corpus = options.Corpus;
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--no-check")
            {
                options = options with { Check = false };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new FormatException($"{name} needs a value.");
            }

            var value = args[++i];
            switch (name)
            {
                case "--store":
                    options = options with
                    {
                        Sqlite = value.ToLowerInvariant() switch
                        {
                            "memory" or "inmemory" => false,
                            "sqlite" => true,
                            _ => throw new FormatException($"--store must be memory or sqlite, not '{value}'."),
                        },
                    };
                    break;
                case "--webhooks":
                    corpus = corpus with { Webhooks = Int(name, value, 1) };
                    break;
                case "--customers":
                    corpus = corpus with { Customers = Int(name, value, 1) };
                    break;
                case "--duplicates":
                    corpus = corpus with { DuplicateRate = Rate01(name, value) };
                    break;
                case "--multi":
                    corpus = corpus with { MultiEventRate = Rate01(name, value) };
                    break;
                case "--emoji":
                    corpus = corpus with { EmojiRate = Rate01(name, value) };
                    break;
                case "--seed":
                    corpus = corpus with { Seed = Int(name, value, int.MinValue) };
                    break;
                case "--epoch":
                    corpus = corpus with { Epoch = DateTimeOffset.FromUnixTimeSeconds(Int(name, value, 1_300_000_000)) };
                    break;
                case "--connections":
                    options = options with { Connections = Int(name, value, 1) };
                    break;
                case "--rate":
                    options = options with { Rate = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate >= 0 ? rate : throw new FormatException($"--rate must be a number of webhooks per second (0 for as fast as possible), not '{value}'.") };
                    break;
                case "--warmup":
                    options = options with { Warmup = Int(name, value, 0) };
                    break;
                case "--url":
                    options = options with
                    {
                        Url = Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                            ? url
                            : throw new FormatException($"--url must be an absolute http(s) address, not '{value}'."),
                    };
                    break;
                default:
                    throw new FormatException($"Unknown option '{name}'.");
            }
        }

        if (options.Url is not null && options.Mode != LoadMode.Http)
        {
            throw new FormatException("--url goes with the http mode.");
        }

        return options with { Corpus = corpus };
    }

    private static int Int(string name, string value, int minimum)
        => int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= minimum
            ? number
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{name} must be a whole number of at least {minimum}, not '{value}'."));

    private static double Rate01(string name, string value)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and <= 1
            ? rate
            : throw new FormatException($"{name} must be a share from 0 to 1, such as 0.1, not '{value}'.");
}
