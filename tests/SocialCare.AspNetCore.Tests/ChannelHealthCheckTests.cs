using Microsoft.Extensions.Diagnostics.HealthChecks;
using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Testing;

namespace SocialCare.AspNetCore.Tests;

/// <summary>The channel health check's verdicts from what the monitor heard, on a fake clock.</summary>
public sealed class ChannelHealthCheckTests
{
    private static readonly ChannelAccountId Page = new("104857392016485");
    private readonly FakeTimeProvider _time = new();
    private readonly SocialCareChannelMonitor _monitor;

    public ChannelHealthCheckTests() => _monitor = new SocialCareChannelMonitor(_time);

    [Fact]
    public async Task Check_NothingHeard_IsHealthyWithEmptyData()
    {
        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Null(result.Data["lastWebhookAt"]);
        Assert.Equal("closed", result.Data["circuit"]);
        Assert.Empty((IReadOnlyDictionary<string, string>)result.Data["accounts"]);
    }

    [Fact]
    public async Task Check_TokenRefused_IsTheFailureStatus_EvenWhileTheCircuitIsOpen()
    {
        await _monitor.OnCircuitChangedAsync(Circuit(ChannelCircuitState.Open, TimeSpan.FromSeconds(30)), default);
        await _monitor.OnHealthChangedAsync(new ChannelHealthChanged(ChannelId.Facebook, Page, ChannelHealthStatus.Unauthorized, _time.GetUtcNow()), default);

        var unhealthy = await CheckAsync();
        var degradedOnFailure = await CheckAsync(failureStatus: HealthStatus.Degraded);

        Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
        Assert.Equal(HealthStatus.Degraded, degradedOnFailure.Status);
        Assert.Equal("Unauthorized", ((IReadOnlyDictionary<string, string>)unhealthy.Data["accounts"])[Page.Value]);
        Assert.Contains(Page.Value, unhealthy.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_CircuitOpen_IsDegradedUntilTheBreakEnds_ThenHalfOpenAndHealthy()
    {
        await _monitor.OnCircuitChangedAsync(Circuit(ChannelCircuitState.Open, TimeSpan.FromSeconds(30)), default);

        var open = await CheckAsync();
        _time.Advance(TimeSpan.FromSeconds(29));
        var stillOpen = await CheckAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        var afterBreak = await CheckAsync();
        await _monitor.OnCircuitChangedAsync(Circuit(ChannelCircuitState.HalfOpen, null), default);
        var trial = await CheckAsync();
        await _monitor.OnCircuitChangedAsync(Circuit(ChannelCircuitState.Closed, null), default);
        var closed = await CheckAsync();

        Assert.Equal(HealthStatus.Degraded, open.Status);
        Assert.Equal("open", open.Data["circuit"]);
        Assert.Equal("2026-01-05T09:00:30.0000000Z", open.Data["circuitOpenUntil"]);
        Assert.Equal(HealthStatus.Degraded, stillOpen.Status);
        Assert.Equal((HealthStatus.Healthy, "half-open"), (afterBreak.Status, afterBreak.Data["circuit"]));
        Assert.False(afterBreak.Data.ContainsKey("circuitOpenUntil"));
        Assert.Equal((HealthStatus.Healthy, "half-open"), (trial.Status, trial.Data["circuit"]));
        Assert.Equal((HealthStatus.Healthy, "closed"), (closed.Status, closed.Data["circuit"]));
    }

    [Fact]
    public async Task Check_AccountDegraded_IsDegraded_AndHealthyAgainWhenItRecovers()
    {
        await _monitor.OnHealthChangedAsync(new ChannelHealthChanged(ChannelId.Facebook, Page, ChannelHealthStatus.Degraded, _time.GetUtcNow()), default);
        var degraded = await CheckAsync();
        await _monitor.OnHealthChangedAsync(new ChannelHealthChanged(ChannelId.Facebook, Page, ChannelHealthStatus.Healthy, _time.GetUtcNow()), default);
        var healthy = await CheckAsync();

        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        Assert.Equal("Healthy", ((IReadOnlyDictionary<string, string>)healthy.Data["accounts"])[Page.Value]);
    }

    [Fact]
    public async Task Check_OtherChannelsChanges_AreNotThisChannels()
    {
        await _monitor.OnHealthChangedAsync(new ChannelHealthChanged(ChannelId.X, new ChannelAccountId("1278843152204431360"), ChannelHealthStatus.Unauthorized, _time.GetUtcNow()), default);
        await _monitor.OnCircuitChangedAsync(new ChannelCircuitChanged(ChannelId.WhatsApp, ChannelCircuitState.Open, _time.GetUtcNow()) { BreakDuration = TimeSpan.FromMinutes(1) }, default);
        _monitor.WebhookRefused(ChannelId.X);

        var result = await CheckAsync();

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(0L, result.Data["webhooksRejected"]);
    }

    [Fact]
    public async Task Check_WebhooksAnswered_AreCountedByOutcome()
    {
        _monitor.WebhookAnswered(ChannelId.Facebook, new WebhookResponse(200) { Outcome = WebhookOutcome.Accepted, Applied = 2 });
        _monitor.WebhookAnswered(ChannelId.Facebook, new WebhookResponse(200) { Outcome = WebhookOutcome.Ignored });
        _time.Advance(TimeSpan.FromMinutes(1));
        _monitor.WebhookAnswered(ChannelId.Facebook, new WebhookResponse(503) { Outcome = WebhookOutcome.Accepted, Failed = 1 });
        _time.Advance(TimeSpan.FromMinutes(1));
        _monitor.WebhookAnswered(ChannelId.Facebook, new WebhookResponse(401) { Outcome = WebhookOutcome.Rejected, Rejection = WebhookRejection.InvalidSignature });
        _monitor.WebhookAnswered(ChannelId.Facebook, new WebhookResponse(200) { Outcome = WebhookOutcome.Handshake, Body = "1" });
        _monitor.WebhookRefused(ChannelId.Facebook);

        var result = await CheckAsync();

        Assert.Equal(2L, result.Data["webhooksAccepted"]);
        Assert.Equal(1L, result.Data["webhooksFailed"]);
        Assert.Equal(2L, result.Data["webhooksRejected"]);
        Assert.Equal("2026-01-05T09:01:00.0000000Z", result.Data["lastWebhookAt"]);
    }

    private ChannelCircuitChanged Circuit(ChannelCircuitState state, TimeSpan? breakDuration)
        => new(ChannelId.Facebook, state, _time.GetUtcNow()) { BreakDuration = breakDuration };

    private Task<HealthCheckResult> CheckAsync(HealthStatus failureStatus = HealthStatus.Unhealthy)
    {
        var check = new SocialCareChannelHealthCheck(ChannelId.Facebook, _monitor, _time);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration("socialcare-facebook", check, failureStatus, ["socialcare"]) };
        return check.CheckHealthAsync(context);
    }
}
