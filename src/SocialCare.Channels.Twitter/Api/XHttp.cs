using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Twitter;

/// <summary>Registers the X channel's named <c>HttpClient</c> (<see cref="XDefaults.HttpClientName"/>) with its <see cref="XResilienceHandler"/>.</summary>
internal static class XHttp
{
    /// <summary>
    /// Adds the named client with an <see cref="XResilienceHandler"/> built from <c>IOptions&lt;XOptions&gt;</c>'s
    /// <see cref="XOptions.Resilience"/> and the registered <see cref="TimeProvider"/> (or <see cref="TimeProvider.System"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// One pipeline is shared by every handler the factory creates, so that the circuit breaker's state survives handler
    /// rotation; its changes go to the registered <see cref="IChannelHealthSink"/>s as changes of <see cref="ChannelId.X"/>.
    /// Calling this twice adds nothing the second time. Tests swap the primary handler with
    /// <c>services.AddHttpClient(XDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(…)</c>.
    /// </remarks>
    public static void AddXHttpClient(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(SharedPipeline)))
        {
            return;
        }

        services.TryAddSingleton(sp =>
        {
            var time = sp.GetService<TimeProvider>() ?? TimeProvider.System;
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger(typeof(XResilienceHandler).FullName!);
            var health = new ChannelHealthTracker(ChannelId.X, sp.GetServices<IChannelHealthSink>(), time, sinkFailed: null, (change, exception) => logger?.CircuitSinkFailed(change.State, exception));
            return new SharedPipeline(XResilienceHandler.CreatePipeline(sp.GetRequiredService<IOptions<XOptions>>().Value.Resilience, time, logger, health));
        });
        services.AddHttpClient(XDefaults.HttpClientName)
            .ConfigureHttpClient((sp, client) =>
            {
                // The pipeline's total time-out governs; HttpClient's own (100 s by default) must not cut it short.
                client.Timeout = sp.GetRequiredService<IOptions<XOptions>>().Value.Resilience.TotalTimeout + TimeSpan.FromSeconds(5);
            })
            .AddHttpMessageHandler(sp => new XResilienceHandler(sp.GetRequiredService<SharedPipeline>().Pipeline));
    }

    /// <summary>The one resilience pipeline of the X client, held as a singleton.</summary>
    private sealed record SharedPipeline(ResiliencePipeline<HttpResponseMessage> Pipeline);
}
