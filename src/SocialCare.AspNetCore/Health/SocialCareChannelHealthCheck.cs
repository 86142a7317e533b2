using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SocialCare.Abstractions;

namespace SocialCare.AspNetCore;

/// <summary>
/// The health check of one channel: unhealthy when an account's token was refused, degraded while the circuit breaker
/// is open or an account is degraded, healthy otherwise; its data says what the monitor saw.
/// </summary>
/// <remarks>
/// Data: <c>lastWebhookAt</c> (ISO-8601 UTC, or <see langword="null"/> before the first verified webhook),
/// <c>webhooksAccepted</c>, <c>webhooksRejected</c>, <c>webhooksFailed</c>, <c>circuit</c> (<c>closed</c>, <c>open</c>,
/// <c>half-open</c>), <c>circuitOpenUntil</c> while open, and <c>accounts</c> (account id → <c>Healthy</c>,
/// <c>Degraded</c> or <c>Unauthorized</c>, for the accounts whose health an adapter reported).
/// </remarks>
internal sealed class SocialCareChannelHealthCheck(ChannelId channel, SocialCareChannelMonitor monitor, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var snapshot = monitor.Snapshot(channel);
        var now = time.GetUtcNow();

        // Polly lets a trial call through only when one is made after the break: until then the circuit is as good as
        // half-open, and a quiet channel should not look degraded for ever after an outage.
        var (circuit, openUntil) = snapshot.Circuit switch
        {
            { State: ChannelCircuitState.Open } open when open.OccurredAt + (open.BreakDuration ?? TimeSpan.Zero) > now
                => ("open", (DateTimeOffset?)(open.OccurredAt + (open.BreakDuration ?? TimeSpan.Zero))),
            { State: ChannelCircuitState.Open or ChannelCircuitState.HalfOpen } => ("half-open", null),
            _ => ("closed", null),
        };

        var accounts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        List<string> unauthorized = [], degraded = [];
        foreach (var (account, status) in snapshot.Accounts)
        {
            accounts[account.Value] = status.ToString();
            (status == ChannelHealthStatus.Unauthorized ? unauthorized : status == ChannelHealthStatus.Degraded ? degraded : null)?.Add(account.Value);
        }

        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["lastWebhookAt"] = snapshot.LastWebhookAt is { } seen ? Iso(seen) : null!,
            ["webhooksAccepted"] = snapshot.Accepted,
            ["webhooksRejected"] = snapshot.Rejected,
            ["webhooksFailed"] = snapshot.Failed,
            ["circuit"] = circuit,
            ["accounts"] = accounts,
        };
        if (openUntil is { } until)
        {
            data["circuitOpenUntil"] = Iso(until);
        }

        unauthorized.Sort(StringComparer.Ordinal);
        degraded.Sort(StringComparer.Ordinal);
        HealthCheckResult result;
        if (unauthorized.Count > 0)
        {
            result = new HealthCheckResult(
                context.Registration.FailureStatus,
                $"{channel}: the access token of {Accounts(unauthorized)} was refused; nothing is sent for it until it is authorised again.",
                data: data);
        }
        else if (circuit == "open")
        {
            result = HealthCheckResult.Degraded($"{channel}: the API calls' circuit breaker is open until {Iso(openUntil!.Value)}; calls fail fast until then.", data: data);
        }
        else if (degraded.Count > 0)
        {
            result = HealthCheckResult.Degraded($"{channel}: calls for {Accounts(degraded)} fail for now; they are retried.", data: data);
        }
        else
        {
            result = HealthCheckResult.Healthy($"{channel}: working.", data);
        }

        return Task.FromResult(result);
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static string Accounts(List<string> ids) => (ids.Count == 1 ? "account " : "accounts ") + string.Join(", ", ids);
}
