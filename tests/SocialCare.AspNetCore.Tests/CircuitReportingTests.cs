using System.Net;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;
using SocialCare.Testing;

namespace SocialCare.AspNetCore.Tests;

/// <summary>
/// The seam the circuit breakers report through: <see cref="ChannelHealthTracker.ReportCircuitAsync"/> telling
/// <see cref="IChannelHealthSink.OnCircuitChangedAsync"/>, and the Graph resilience pipeline calling it.
/// </summary>
public sealed class CircuitReportingTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task ReportCircuitAsync_TellsEachChangeOnce_WithTheBreakOnlyWhenOpen()
    {
        var sink = new RecordingSink();
        var tracker = new ChannelHealthTracker(ChannelId.WhatsApp, [sink], _time);

        var opened = await tracker.ReportCircuitAsync(ChannelCircuitState.Open, TimeSpan.FromSeconds(30), default);
        var again = await tracker.ReportCircuitAsync(ChannelCircuitState.Open, TimeSpan.FromSeconds(30), default);
        var trial = await tracker.ReportCircuitAsync(ChannelCircuitState.HalfOpen, TimeSpan.FromSeconds(30), default);
        var closed = await tracker.ReportCircuitAsync(ChannelCircuitState.Closed, null, default);
        var stillClosed = await tracker.ReportCircuitAsync(ChannelCircuitState.Closed, null, default);

        Assert.NotNull(opened);
        Assert.Null(again);
        Assert.Null(stillClosed);
        Assert.Equal([ChannelCircuitState.Open, ChannelCircuitState.HalfOpen, ChannelCircuitState.Closed], sink.Circuits.Select(c => c.State));
        Assert.Equal(TimeSpan.FromSeconds(30), sink.Circuits[0].BreakDuration);
        Assert.Null(trial!.BreakDuration);
        Assert.All(sink.Circuits, c => Assert.Equal(ChannelId.WhatsApp, c.Channel));
        Assert.Equal(_time.GetUtcNow(), closed!.OccurredAt);
    }

    [Fact]
    public async Task ReportCircuitAsync_ASinkThrows_TheOthersHearIt_AndTheCallbackGetsTheFailure()
    {
        var failures = new List<(ChannelCircuitChanged Change, Exception Exception)>();
        var after = new RecordingSink();
        var tracker = new ChannelHealthTracker(ChannelId.X, [new ThrowingSink(), after], _time, sinkFailed: null, (change, exception) => failures.Add((change, exception)));

        await tracker.ReportCircuitAsync(ChannelCircuitState.Open, TimeSpan.FromSeconds(5), default);

        Assert.Single(after.Circuits);
        var failure = Assert.Single(failures);
        Assert.Equal(ChannelCircuitState.Open, failure.Change.State);
        Assert.IsType<InvalidOperationException>(failure.Exception);
    }

    [Fact]
    public async Task OnCircuitChangedAsync_NotImplemented_DoesNothing()
    {
        IChannelHealthSink sink = new AccountsOnlySink();
        var tracker = new ChannelHealthTracker(ChannelId.Facebook, [sink], _time);

        var change = await tracker.ReportCircuitAsync(ChannelCircuitState.Open, TimeSpan.FromSeconds(1), default);

        Assert.NotNull(change);
        await sink.OnCircuitChangedAsync(change, default);
    }

    [Fact]
    public async Task ReportCircuitAsync_UndefinedState_Throws()
    {
        var tracker = new ChannelHealthTracker(ChannelId.Facebook, [], _time);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => tracker.ReportCircuitAsync((ChannelCircuitState)7, null, default));
    }

    [Fact]
    public async Task GraphPipeline_OpensAndClosesTheCircuit_TellsTheTracker()
    {
        var sink = new RecordingSink();
        var tracker = new ChannelHealthTracker(ChannelId.WhatsApp, [sink], _time);
        var options = new GraphResilienceOptions { MaxRetryAttempts = 0, BreakerMinimumThroughput = 2, BreakerFailureRatio = 0.5, BreakerBreakDuration = TimeSpan.FromSeconds(10) };
        var pipeline = GraphResilienceHandler.CreatePipeline(options, _time, logger: null, tracker);
        var status = HttpStatusCode.ServiceUnavailable;

        async Task CallAsync()
        {
            try
            {
                using var response = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(new HttpResponseMessage(status)));
            }
            catch (Polly.CircuitBreaker.BrokenCircuitException)
            {
            }
        }

        await CallAsync();
        Assert.Empty(sink.Circuits);
        await CallAsync();
        Assert.Equal(ChannelCircuitState.Open, Assert.Single(sink.Circuits).State);
        Assert.Equal(TimeSpan.FromSeconds(10), sink.Circuits[0].BreakDuration);

        _time.Advance(TimeSpan.FromSeconds(11));
        status = HttpStatusCode.OK;
        await CallAsync();

        Assert.Equal([ChannelCircuitState.Open, ChannelCircuitState.HalfOpen, ChannelCircuitState.Closed], sink.Circuits.Select(c => c.State));
    }

    private sealed class RecordingSink : IChannelHealthSink
    {
        public List<ChannelCircuitChanged> Circuits { get; } = [];

        public Task OnHealthChangedAsync(ChannelHealthChanged change, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task OnCircuitChangedAsync(ChannelCircuitChanged change, CancellationToken cancellationToken)
        {
            lock (Circuits)
            {
                Circuits.Add(change);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class ThrowingSink : IChannelHealthSink
    {
        public Task OnHealthChangedAsync(ChannelHealthChanged change, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task OnCircuitChangedAsync(ChannelCircuitChanged change, CancellationToken cancellationToken) => throw new InvalidOperationException("sink bug");
    }

    private sealed class AccountsOnlySink : IChannelHealthSink
    {
        public Task OnHealthChangedAsync(ChannelHealthChanged change, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
