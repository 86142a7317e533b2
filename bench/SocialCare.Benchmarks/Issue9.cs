namespace SocialCare.Benchmarks;

/// <summary>The benchmarks of issue 9 (per-channel verify + parse and ingest against their floors, routing, outbound), run together by <c>-- issue9</c>.</summary>
internal static class Issue9
{
    /// <summary>The benchmark classes, in the order of the README's issue-9 section.</summary>
    public static readonly Type[] Benchmarks =
    [
        typeof(FacebookWebhookBenchmarks),
        typeof(WhatsAppWebhookBenchmarks),
        typeof(XWebhookBenchmarks),
        typeof(FacebookIngestBenchmarks),
        typeof(WhatsAppIngestBenchmarks),
        typeof(XIngestBenchmarks),
        typeof(RoutingBenchmarks),
        typeof(OutboundBenchmarks),
    ];
}
