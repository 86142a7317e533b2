using System.Diagnostics;
using SocialCare.LoadTest.Corpus;

namespace SocialCare.LoadTest.Replay;

/// <summary>
/// Sends a corpus to a target with a fixed number of concurrent senders, either as fast as the target answers
/// (closed loop) or at a fixed rate (open loop: request <c>i</c> is due at <c>start + i / rate</c> and its latency runs
/// from then, so that time spent queueing behind a slow answer counts, as it would for the network).
/// </summary>
internal static class Replayer
{
    /// <summary>Replays the webhooks in order (each sender takes the next one).</summary>
    /// <param name="target">Where to send.</param>
    /// <param name="webhooks">The webhooks.</param>
    /// <param name="connections">How many requests may be in flight at once.</param>
    /// <param name="rate">Requests per second, or 0 for as fast as possible.</param>
    /// <param name="cancellationToken">A token to stop the replay.</param>
    /// <returns>What was measured.</returns>
    public static async Task<ReplayResult> RunAsync(IReplayTarget target, IReadOnlyList<CorpusWebhook> webhooks, int connections, double rate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(webhooks);
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rate);

        var latencies = new long[webhooks.Count];
        var statuses = new int[webhooks.Count];
        var failures = new string?[webhooks.Count];
        var next = -1;
        var ticksPerRequest = rate > 0 ? Stopwatch.Frequency / rate : 0;

        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();

        async Task SendLoopAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < webhooks.Count)
            {
                var due = start;
                if (ticksPerRequest > 0)
                {
                    due = start + (long)(index * ticksPerRequest);
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.FromMilliseconds(1))
                    {
                        await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                    }
                }
                else
                {
                    due = Stopwatch.GetTimestamp();
                }

                try
                {
                    statuses[index] = await target.SendAsync(webhooks[index], cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failures[index] = ex.GetType().Name;
                }

                latencies[index] = Stopwatch.GetTimestamp() - due;
            }
        }

        var senders = new Task[connections];
        for (var i = 0; i < senders.Length; i++)
        {
            senders[i] = Task.Run(SendLoopAsync, cancellationToken);
        }

        await Task.WhenAll(senders).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var allocatedDuring = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var collections = (GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);

        using var process = Process.GetCurrentProcess();
        var milliseconds = latencies.Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray();
        Array.Sort(milliseconds);
        return new ReplayResult(
            webhooks.Count,
            webhooks.Sum(w => (long)w.Events.Count),
            elapsed,
            milliseconds,
            statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count()),
            failures.OfType<string>().GroupBy(f => f).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            allocatedDuring,
            collections,
            process.PeakWorkingSet64);
    }
}
