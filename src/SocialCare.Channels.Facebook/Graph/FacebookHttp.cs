using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace SocialCare.Channels.Facebook;

/// <summary>Registers the channel's named <c>HttpClient</c> (<see cref="FacebookDefaults.HttpClientName"/>) with its resilience handler.</summary>
internal static class FacebookHttp
{
    /// <summary>
    /// Adds the named client <see cref="FacebookDefaults.HttpClientName"/> with a <see cref="FacebookResilienceHandler"/>
    /// built from <c>IOptions&lt;FacebookOptions&gt;</c> and the registered <see cref="TimeProvider"/> (or <see cref="TimeProvider.System"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The client's builder, for further configuration (tests swap the primary handler).</returns>
    /// <remarks>
    /// One pipeline is shared by every handler the factory creates, so the circuit breaker's state survives handler
    /// rotation. Calling this twice adds nothing the second time.
    /// </remarks>
    public static IHttpClientBuilder AddFacebookHttpClient(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var first = !services.Any(d => d.ServiceType == typeof(SharedPipeline));
        services.TryAddSingleton(static sp => new SharedPipeline(FacebookResilienceHandler.CreatePipeline(
            sp.GetRequiredService<IOptions<FacebookOptions>>().Value.Resilience,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILoggerFactory>()?.CreateLogger<FacebookResilienceHandler>())));

        var builder = services.AddHttpClient(FacebookDefaults.HttpClientName);
        if (first)
        {
            builder
                .ConfigureHttpClient(static (sp, client) =>
                {
                    // The pipeline's total time-out governs; HttpClient's own (100 s by default) must not cut it short.
                    var total = sp.GetRequiredService<IOptions<FacebookOptions>>().Value.Resilience.TotalTimeout;
                    client.Timeout = total + TimeSpan.FromSeconds(5);
                })
                .AddHttpMessageHandler(static sp => new FacebookResilienceHandler(sp.GetRequiredService<SharedPipeline>().Pipeline));
        }

        return builder;
    }

    /// <summary>The one resilience pipeline of the channel's client, held as a singleton.</summary>
    private sealed record SharedPipeline(ResiliencePipeline<HttpResponseMessage> Pipeline);
}
