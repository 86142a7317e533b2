using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Core;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds SocialCare to a service collection.</summary>
public static class SocialCareServiceCollectionExtensions
{
    /// <summary>
    /// Adds SocialCare's pipeline with in-memory stores and directories, ready for channels and stores to be chained on.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="SocialCareOptions"/>; optional.</param>
    /// <returns>A builder for channels (<c>.AddFacebook(…)</c>), stores and the host's own implementations.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// Safe to call more than once: registrations use <c>TryAdd</c>, and each call's <paramref name="configure"/> is
    /// applied in order. Options are validated when the host starts. <see cref="TimeProvider.System"/> is registered
    /// unless a <see cref="TimeProvider"/> already is. The in-memory store keeps everything in process memory: use it
    /// for tests and quick starts, and a durable store in production.
    /// </remarks>
    public static ISocialCareBuilder AddSocialCare(this IServiceCollection services, Action<SocialCareOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = services.AddOptions<SocialCareOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SocialCareOptions>, SocialCareOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SocialCareMetrics>();
        services.TryAddSingleton<ITicketStore, InMemoryTicketStore>();
        services.TryAddSingleton<ICustomerDirectory, InMemoryCustomerDirectory>();
        services.TryAddSingleton<IAgentDirectory, InMemoryAgentDirectory>();
        services.TryAddSingleton<IInboundEventHandler, ConversationAppendHandler>();
        services.TryAddSingleton<IWebhookPipeline, WebhookPipeline>();

        return new SocialCareBuilder(services);
    }

    /// <summary>Replaces the handler that applies inbound events to tickets (the ticket engine).</summary>
    /// <typeparam name="THandler">The handler; a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ISocialCareBuilder AddInboundEventHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        this ISocialCareBuilder builder)
        where THandler : class, IInboundEventHandler
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IInboundEventHandler, THandler>());
        return builder;
    }

    private sealed record SocialCareBuilder(IServiceCollection Services) : ISocialCareBuilder;
}
