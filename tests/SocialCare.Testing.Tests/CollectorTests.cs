using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace SocialCare.Testing.Tests;

public class CollectorTests
{
    [Fact]
    public void TestLoggerProvider_CapturesFormattedEntriesAboveTheMinimum()
    {
        var provider = new TestLoggerProvider { MinimumLevel = LogLevel.Information };
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        var logger = factory.CreateLogger("Cat");

        logger.LogDebug("hidden");
        logger.LogWarning(new EventId(7), "Shown {Count}", 3);

        var entry = Assert.Single(provider.Entries);
        Assert.Equal(("Cat", LogLevel.Warning, 7, "Shown 3"), (entry.Category, entry.Level, entry.EventId.Id, entry.Message));
        provider.Clear();
        Assert.Empty(provider.Entries);
    }

    [Fact]
    public async Task TestLoggerProvider_TakeEntries_ReturnsEachEntryOnce_EvenWhileOthersLog()
    {
        var provider = new TestLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        var logger = factory.CreateLogger("Cat");
        const int Writers = 4, PerWriter = 5_000;

        var taken = new List<string>();
        var writing = Enumerable.Range(0, Writers)
            .Select(w => Task.Run(() =>
            {
                for (var i = 0; i < PerWriter; i++)
                {
                    logger.LogInformation("entry {Writer}-{Number}", w, i);
                }
            }))
            .ToArray();
        while (!writing.All(t => t.IsCompleted))
        {
            taken.AddRange(provider.TakeEntries().Select(e => e.Message));
            await Task.Yield();
        }

        await Task.WhenAll(writing);
        taken.AddRange(provider.TakeEntries().Select(e => e.Message));

        Assert.Equal(Writers * PerWriter, taken.Count);
        Assert.Equal(Writers * PerWriter, taken.Distinct().Count());
        Assert.Empty(provider.TakeEntries());
        Assert.Empty(provider.Entries);
    }

    [Fact]
    public void MetricCollector_CapturesOnlyItsMeterWithTags()
    {
        var name = "test-meter-" + Guid.NewGuid().ToString("N");
        using var collector = new MetricCollector(name);
        using var meter = new Meter(name);
        using var other = new Meter(name + "-other");
        var counter = meter.CreateCounter<long>("c");

        counter.Add(2, new KeyValuePair<string, object?>("k", "a"));
        counter.Add(5, new KeyValuePair<string, object?>("k", "b"));
        other.CreateCounter<long>("c").Add(100);

        Assert.Equal(7, collector.Sum("c"));
        Assert.Equal(5, collector.Sum("c", ("k", "b")));
        Assert.Equal(2, collector.For("c").Count);
    }
}
