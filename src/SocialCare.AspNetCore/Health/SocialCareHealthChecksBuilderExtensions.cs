using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.AspNetCore;
using SocialCare.Core;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds SocialCare's channel health checks to an application's health checks.</summary>
public static class SocialCareHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds one health check per channel of the webhook pipeline, named <c>socialcare-{channel}</c> and tagged
    /// <c>socialcare</c> (see <see cref="SocialCareAspNetCoreDefaults"/>): <b>unhealthy</b> (or the registration's failure
    /// status) when an account's access token was refused, <b>degraded</b> while the channel's circuit breaker is open or
    /// an account is degraded, <b>healthy</b> otherwise.
    /// </summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// <para>
    /// Each result's data holds <c>lastWebhookAt</c> (when the webhook endpoint last answered a verified webhook of the
    /// channel, ISO-8601 UTC, or <see langword="null"/>), the counts <c>webhooksAccepted</c>, <c>webhooksRejected</c>
    /// and <c>webhooksFailed</c> (stored in part, answered 503), <c>circuit</c> (<c>closed</c>, <c>open</c>,
    /// <c>half-open</c>) with <c>circuitOpenUntil</c> while open, and <c>accounts</c>: each account whose health an
    /// adapter reported, with its <see cref="ChannelHealthStatus"/>.
    /// </para>
    /// <para>
    /// The checks listen as an <see cref="IChannelHealthSink"/>; the webhook counts come from <c>MapSocialCareWebhooks</c>.
    /// The channels are those of the <see cref="IWebhookPipeline"/>, read when the health checks first run. A second
    /// call adds nothing.
    /// </para>
    /// </remarks>
    public static IHealthChecksBuilder AddSocialCareChannels(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(SocialCareChannelMonitor)))
        {
            return builder;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SocialCareChannelMonitor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelHealthSink, SocialCareChannelMonitor>(static sp => sp.GetRequiredService<SocialCareChannelMonitor>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HealthCheckServiceOptions>, ChannelHealthCheckRegistrations>());
        return builder;
    }

    /// <summary>Adds a registration per channel of the pipeline when the health check options are first built.</summary>
    private sealed class ChannelHealthCheckRegistrations(IServiceProvider services) : IConfigureOptions<HealthCheckServiceOptions>
    {
        public void Configure(HealthCheckServiceOptions options)
        {
            var pipeline = services.GetService<IWebhookPipeline>()
                ?? throw new InvalidOperationException("AddSocialCareChannels needs SocialCare's services: call services.AddSocialCare() and add channels to it.");
            foreach (var channel in pipeline.Channels.OrderBy(c => c.Value, StringComparer.Ordinal))
            {
                options.Registrations.Add(new HealthCheckRegistration(
                    SocialCareAspNetCoreDefaults.HealthCheckName(channel),
                    sp => new SocialCareChannelHealthCheck(channel, sp.GetRequiredService<SocialCareChannelMonitor>(), sp.GetRequiredService<TimeProvider>()),
                    failureStatus: null,
                    tags: [SocialCareAspNetCoreDefaults.HealthCheckTag]));
            }
        }
    }
}
