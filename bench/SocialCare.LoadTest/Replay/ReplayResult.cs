namespace SocialCare.LoadTest.Replay;

/// <summary>What a replay measured.</summary>
/// <param name="Requests">The webhooks sent.</param>
/// <param name="Events">The events those webhooks carried (a duplicate's events counted again).</param>
/// <param name="Elapsed">From the first send to the last answer.</param>
/// <param name="LatenciesMs">Each request's latency in milliseconds, sorted ascending; with a fixed rate, measured from its scheduled send time.</param>
/// <param name="Statuses">How many answers had each status; <c>0</c> counts requests that failed without an answer.</param>
/// <param name="Failures">The exceptions of requests that got no answer, by type.</param>
/// <param name="AllocatedBytes">Bytes allocated by the whole process during the replay.</param>
/// <param name="Collections">Garbage collections during the replay, generations 0, 1 and 2.</param>
/// <param name="PeakWorkingSetBytes">The process's peak working set at the end.</param>
internal sealed record ReplayResult(
    int Requests,
    long Events,
    TimeSpan Elapsed,
    double[] LatenciesMs,
    IReadOnlyDictionary<int, int> Statuses,
    IReadOnlyDictionary<string, int> Failures,
    long AllocatedBytes,
    (int Gen0, int Gen1, int Gen2) Collections,
    long PeakWorkingSetBytes)
{
    /// <summary>Gets the requests per second.</summary>
    public double WebhooksPerSecond => Requests / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>Gets the events per second.</summary>
    public double EventsPerSecond => Events / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>Gets the number of requests not answered with a 2xx status.</summary>
    public int Errors => Statuses.Where(s => s.Key is < 200 or > 299).Sum(s => s.Value);

    /// <summary>Gets a latency percentile (nearest rank), in milliseconds.</summary>
    /// <param name="percentile">From 0 to 100.</param>
    /// <returns>The latency, or 0 without requests.</returns>
    public double Percentile(double percentile)
    {
        if (LatenciesMs.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * LatenciesMs.Length);
        return LatenciesMs[Math.Clamp(rank - 1, 0, LatenciesMs.Length - 1)];
    }
}
