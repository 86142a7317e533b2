namespace SocialCare.Benchmarks;

/// <summary>The benchmarks of issue 9 (per-channel ingest and outbound), run together by <c>-- issue9</c>.</summary>
internal static class Issue9
{
    /// <summary>The benchmark classes, in the order of the README's issue-9 section.</summary>
    public static readonly Type[] Benchmarks =
    [
        typeof(FacebookIngestBenchmarks),
        typeof(WhatsAppIngestBenchmarks),
        typeof(XIngestBenchmarks),
        typeof(RoutingBenchmarks),
        typeof(OutboundBenchmarks),
    ];
}
