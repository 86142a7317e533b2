using System.Diagnostics;
using System.Globalization;
using SocialCare.LoadTest.Check;
using SocialCare.LoadTest.Corpus;
using SocialCare.LoadTest.Replay;

namespace SocialCare.LoadTest;

/// <summary>What a run found.</summary>
/// <param name="Options">The options it ran with.</param>
/// <param name="Corpus">The measured corpus.</param>
/// <param name="Target">What it was sent to.</param>
/// <param name="Replay">The measured replay.</param>
/// <param name="Check">The exactly-once check, unless skipped.</param>
internal sealed record LoadReport(LoadOptions Options, LoadCorpus Corpus, string Target, ReplayResult Replay, CheckResult? Check)
{
    /// <summary>Gets a value indicating whether every request got a 2xx answer and the check (when made) passed.</summary>
    public bool Passed => Replay.Errors == 0 && (Check?.Passed ?? true);
}

/// <summary>Generates the corpus, starts the target, warms it up, replays, checks and reports.</summary>
internal static class LoadRun
{
    /// <summary>The tool's entry point.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where the report goes.</param>
    /// <param name="cancellationToken">A token to stop the run.</param>
    /// <returns>The exit code: 0 passed, 1 failed, 2 bad arguments.</returns>
    public static async Task<int> MainAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args, TimeProvider.System.GetUtcNow());
        }
        catch (FormatException ex)
        {
            await output.WriteLineAsync(ex.Message);
            await output.WriteLineAsync();
            await output.WriteLineAsync(LoadOptions.Usage);
            return 2;
        }

        var report = await RunAsync(options, output, cancellationToken);
        return report.Passed ? 0 : 1;
    }

    /// <summary>Runs the load test and writes its report.</summary>
    /// <param name="options">What to run.</param>
    /// <param name="output">Where the report goes.</param>
    /// <param name="cancellationToken">A token to stop the run.</param>
    /// <returns>The report.</returns>
    public static async Task<LoadReport> RunAsync(LoadOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var c = options.Corpus;
        var generating = Stopwatch.StartNew();
        var corpus = CorpusGenerator.Generate(c);

        // The warm-up has its own customers and ids (another seed, an hour earlier), and is checked too.
        var warmup = options.Warmup > 0
            ? CorpusGenerator.Generate(c with { Seed = unchecked(c.Seed + 1), Epoch = c.Epoch.AddHours(-1), Webhooks = options.Warmup, Customers = Math.Min(c.Customers, Math.Max(1, options.Warmup / 10)) })
            : null;
        await output.WriteLineAsync(Invariant($"corpus   seed {c.Seed}, epoch {c.Epoch.ToUnixTimeSeconds()}: {corpus.Webhooks.Count:N0} webhooks ({c.Webhooks:N0} distinct + {corpus.Duplicates:N0} duplicates), {corpus.EventsSent:N0} events ({corpus.Events.Count:N0} distinct), {c.Customers:N0} customers; {corpus.Webhooks.Sum(w => (long)w.Body.Length) / corpus.Webhooks.Count:N0} B per webhook on average; generated in {generating.Elapsed.TotalSeconds:0.0} s"));

        var folder = options.Sqlite ? Directory.CreateTempSubdirectory("socialcare-load-").FullName : null;
        var sqlitePath = folder is null ? null : Path.Combine(folder, "load.db");
        try
        {
            ReplayResult replay;
            string description;
            Func<CancellationToken, Task<IReadOnlyList<StoredMessage>>> readStored;
            if (options.Mode == LoadMode.Pipeline)
            {
                await using var target = await PipelineTarget.StartAsync(sqlitePath, cancellationToken);
                description = target.Description;
                replay = await WarmAndReplayAsync(target, description, warmup, corpus, options, output, cancellationToken);
                var stored = options.Check ? await StoredMessages.FromStoreAsync(target.Store, cancellationToken) : [];
                readStored = _ => Task.FromResult(stored);
            }
            else
            {
                await using var inbox = options.Url is null ? await InboxHost.StartAsync(sqlitePath, cancellationToken) : null;
                using var target = new HttpTarget(options.Url ?? inbox!.BaseAddress, options.Connections);
                description = target.Description + (inbox is null ? string.Empty : options.Sqlite ? " (started here, SQLite store)" : " (started here, in-memory store)");
                replay = await WarmAndReplayAsync(target, description, warmup, corpus, options, output, cancellationToken);
                var stored = options.Check ? await StoredMessages.FromApiAsync(target.Client, options.Connections, cancellationToken) : [];
                readStored = _ => Task.FromResult(stored);
            }

            CheckResult? check = null;
            if (options.Check)
            {
                var stored = await readStored(cancellationToken);
                check = ExactlyOnceCheck.Check(corpus.Events.Concat(warmup?.Events ?? []), [.. stored]);
            }

            var report = new LoadReport(options, corpus, description, replay, check);
            await WriteAsync(report, output);
            return report;
        }
        finally
        {
            if (folder is not null)
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                    // The file is in the temp folder; SQLite may hold it a moment longer.
                }
            }
        }
    }

    private static async Task<ReplayResult> WarmAndReplayAsync(IReplayTarget target, string description, LoadCorpus? warmup, LoadCorpus corpus, LoadOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync("target   " + description);
        if (warmup is not null)
        {
            var warm = await Replayer.RunAsync(target, warmup.Webhooks, options.Connections, 0, cancellationToken);
            await output.WriteLineAsync(Invariant($"warm-up  {warm.Requests:N0} webhooks in {warm.Elapsed.TotalSeconds:0.00} s, {warm.Errors:N0} errors"));
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var mode = options.Rate > 0 ? Invariant($"open loop at {options.Rate:N0} webhooks/s") : "as fast as possible";
        await output.WriteLineAsync(Invariant($"replay   {corpus.Webhooks.Count:N0} webhooks, {options.Connections} connections, {mode}…"));
        return await Replayer.RunAsync(target, corpus.Webhooks, options.Connections, options.Rate, cancellationToken);
    }

    private static async Task WriteAsync(LoadReport report, TextWriter output)
    {
        var r = report.Replay;
        await output.WriteLineAsync(Invariant($"result   {r.WebhooksPerSecond:N0} webhooks/s, {r.EventsPerSecond:N0} events/s ({r.Requests:N0} webhooks, {r.Events:N0} events in {r.Elapsed.TotalSeconds:0.00} s)"));
        var from = report.Options.Rate > 0 ? "from the scheduled send time" : "from the send";
        await output.WriteLineAsync(Invariant($"latency  p50 {r.Percentile(50):0.00} ms, p90 {r.Percentile(90):0.00} ms, p99 {r.Percentile(99):0.00} ms, max {r.Percentile(100):0.00} ms ({from})"));
        var statuses = string.Join(", ", r.Statuses.OrderBy(s => s.Key).Select(s => Invariant($"{(s.Key == 0 ? "no answer" : s.Key.ToString(CultureInfo.InvariantCulture))}: {s.Value:N0}")));
        var failures = r.Failures.Count == 0 ? string.Empty : " (" + string.Join(", ", r.Failures.Select(f => Invariant($"{f.Key}: {f.Value:N0}"))) + ")";
        await output.WriteLineAsync(Invariant($"answers  {statuses}{failures}; errors {r.Errors:N0}"));
        await output.WriteLineAsync(Invariant($"memory   {r.AllocatedBytes / (1024.0 * 1024):N0} MiB allocated ({r.AllocatedBytes / Math.Max(r.Requests, 1):N0} B per webhook), GCs {r.Collections.Gen0}/{r.Collections.Gen1}/{r.Collections.Gen2}, peak working set {r.PeakWorkingSetBytes / (1024.0 * 1024):N0} MiB"));
        await output.WriteLineAsync(report.Options.Mode == LoadMode.Http && report.Options.Url is null
            ? "         (allocations and memory are the whole process: the client, the inbox and the corpus together)"
            : "         (allocations and memory are the whole process, the corpus included)");
        if (report.Check is { } check)
        {
            await output.WriteLineAsync(Invariant($"check    {(check.Passed ? "PASSED" : "FAILED")}: {check.Found:N0} of {check.Expected:N0} distinct events stored, on {check.Tickets:N0} tickets; {check.Missing.Count:N0} missing, {check.Duplicated.Count:N0} stored more than once; {check.Foreign:N0} other customer messages"));
            foreach (var e in check.Missing.Take(10))
            {
                await output.WriteLineAsync(Invariant($"         missing {e.Channel} {e.Kind} {e.NetworkId}"));
            }

            foreach (var (e, count) in check.Duplicated.Take(10))
            {
                await output.WriteLineAsync(Invariant($"         stored {count} times: {e.Channel} {e.Kind} {e.NetworkId}"));
            }
        }
        else
        {
            await output.WriteLineAsync("check    skipped (--no-check)");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
