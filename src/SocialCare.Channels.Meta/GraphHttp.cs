using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Meta;

/// <summary>Registers a Meta channel's named Graph API <c>HttpClient</c> with its <see cref="GraphResilienceHandler"/>.</summary>
public static class GraphHttp
{
    /// <summary>
    /// Adds the named client with a <see cref="GraphResilienceHandler"/> built from the channel's resilience options and the
    /// registered <see cref="TimeProvider"/> (or <see cref="TimeProvider.System"/>). Its circuit breaker reports to no
    /// one: prefer the overload that names the channel.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name, one per channel (for example <c>SocialCare.WhatsApp</c>).</param>
    /// <param name="resilience">Reads the channel's resilience options from its validated options.</param>
    /// <returns>The client's builder, for further configuration (tests swap the primary handler).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>
    /// One pipeline per client name is shared by every handler the factory creates, so that the circuit breaker's state
    /// survives handler rotation. Calling this twice with the same name adds nothing the second time.
    /// </remarks>
    public static IHttpClientBuilder AddGraphHttpClient(IServiceCollection services, string name, Func<IServiceProvider, GraphResilienceOptions> resilience)
        => Add(services, name, channel: null, resilience);

    /// <summary>
    /// Adds the named client with a <see cref="GraphResilienceHandler"/> built from the channel's resilience options and the
    /// registered <see cref="TimeProvider"/> (or <see cref="TimeProvider.System"/>); the circuit breaker's changes go to
    /// the registered <see cref="IChannelHealthSink"/>s as changes of <paramref name="channel"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The client's name, one per channel (for example <c>SocialCare.WhatsApp</c>).</param>
    /// <param name="channel">The channel whose circuit this is, as health sinks and checks name it.</param>
    /// <param name="resilience">Reads the channel's resilience options from its validated options.</param>
    /// <returns>The client's builder, for further configuration (tests swap the primary handler).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>
    /// One pipeline per client name is shared by every handler the factory creates, so that the circuit breaker's state
    /// survives handler rotation. Calling this twice with the same name adds nothing the second time.
    /// </remarks>
    public static IHttpClientBuilder AddGraphHttpClient(IServiceCollection services, string name, ChannelId channel, Func<IServiceProvider, GraphResilienceOptions> resilience)
        => Add(services, name, channel, resilience);

    private static IHttpClientBuilder Add(IServiceCollection services, string name, ChannelId? channel, Func<IServiceProvider, GraphResilienceOptions> resilience)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(resilience);
        var first = !services.Any(d => d.ServiceType == typeof(SharedPipeline) && Equals(d.ServiceKey, name));
        var builder = services.AddHttpClient(name);
        if (first)
        {
            services.AddKeyedSingleton(name, (sp, _) =>
            {
                var time = sp.GetService<TimeProvider>() ?? TimeProvider.System;
                var logger = sp.GetService<ILoggerFactory>()?.CreateLogger(typeof(GraphResilienceHandler).FullName + "." + name);
                var health = channel is { } id
                    ? new ChannelHealthTracker(id, sp.GetServices<IChannelHealthSink>(), time, sinkFailed: null, (change, exception) => logger?.CircuitSinkFailed(change.Channel, change.State, exception))
                    : null;
                return new SharedPipeline(GraphResilienceHandler.CreatePipeline(resilience(sp), time, logger, health));
            });
            builder
                .ConfigureHttpClient((sp, client) =>
                {
                    // The pipeline's total time-out governs; HttpClient's own (100 s by default) must not cut it short.
                    client.Timeout = resilience(sp).TotalTimeout + TimeSpan.FromSeconds(5);
                })
                .AddHttpMessageHandler(sp => new GraphResilienceHandler(sp.GetRequiredKeyedService<SharedPipeline>(name).Pipeline));
        }

        return builder;
    }

    /// <summary>The one resilience pipeline of a channel's client, held as a keyed singleton.</summary>
    private sealed record SharedPipeline(ResiliencePipeline<HttpResponseMessage> Pipeline);
}
