using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;

namespace SocialCare.Channels.Meta;

/// <summary>Registers a Meta channel's named Graph API <c>HttpClient</c> with its <see cref="GraphResilienceHandler"/>.</summary>
public static class GraphHttp
{
    /// <summary>
    /// Adds the named client with a <see cref="GraphResilienceHandler"/> built from the channel's resilience options and the
    /// registered <see cref="TimeProvider"/> (or <see cref="TimeProvider.System"/>).
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
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(resilience);
        var first = !services.Any(d => d.ServiceType == typeof(SharedPipeline) && Equals(d.ServiceKey, name));
        var builder = services.AddHttpClient(name);
        if (first)
        {
            services.AddKeyedSingleton(name, (sp, _) => new SharedPipeline(GraphResilienceHandler.CreatePipeline(
                resilience(sp),
                sp.GetService<TimeProvider>() ?? TimeProvider.System,
                sp.GetService<ILoggerFactory>()?.CreateLogger(typeof(GraphResilienceHandler).FullName + "." + name))));
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
