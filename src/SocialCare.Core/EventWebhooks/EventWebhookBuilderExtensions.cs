using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>Registers event webhooks.</summary>
public static class EventWebhookBuilderExtensions
{
    /// <summary>
    /// Sends ticket events to the host's other systems as signed HTTP POSTs (the Standard Webhooks scheme), from a
    /// durable queue in the ticket store: queued in the same commit as the change, delivered in order per ticket,
    /// retried with back-off, then kept as dead letters (<see cref="IEventWebhookDeadLetters"/>).
    /// </summary>
    /// <param name="builder">The SocialCare builder.</param>
    /// <param name="configure">Sets the endpoints and retry policy; bind <see cref="EventWebhookOptions.ConfigurationSection"/> here, or set them in code.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// Needs a ticket store that implements <see cref="IEventDeliveryStore"/> (the in-memory, SQLite and PostgreSQL
    /// stores do); the host refuses to start otherwise, as it does when an option is invalid. The requests go through
    /// the named <see cref="HttpClient"/> <c>SocialCare.EventWebhooks</c>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    public static ISocialCareBuilder AddEventWebhooks(this ISocialCareBuilder builder, Action<EventWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<EventWebhookOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventWebhookOptions>, EventWebhookOptionsValidator>());
        // No redirects: a signed event goes to the configured URL or fails (a 3xx is retried like any other answer).
        services.AddHttpClient(EventWebhookDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.TryAddSingleton<EventWebhookQueue>();
        services.TryAddSingleton<EventWebhookDispatcher>();
        services.TryAddSingleton<IEventWebhookDeadLetters, EventWebhookDeadLetters>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EventWebhookDispatcherService>());
        return builder;
    }
}

/// <summary>Hosts the <see cref="EventWebhookDispatcher"/>; resolving it at start-up checks that the store keeps event deliveries.</summary>
internal sealed class EventWebhookDispatcherService(EventWebhookDispatcher dispatcher) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => dispatcher.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => dispatcher.StopAsync(cancellationToken);
}
