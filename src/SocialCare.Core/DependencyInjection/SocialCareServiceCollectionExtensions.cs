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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SocialCareOptions>, TicketOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SocialCareOptions>, AutomationOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SocialCareMetrics>();
        services.TryAddSingleton<ITicketStore, InMemoryTicketStore>();
        services.TryAddSingleton<ICustomerDirectory, InMemoryCustomerDirectory>();
        services.TryAddSingleton<IAgentDirectory, InMemoryAgentDirectory>();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<IAssignmentStrategy>(static sp =>
            sp.GetRequiredService<IOptions<SocialCareOptions>>().Value.Assignment.Strategy == AssignmentStrategyKind.LeastLoaded
                ? new LeastLoadedAssignment()
                : new RoundRobinAssignment());
        services.TryAddSingleton<TicketEngine>();
        services.TryAddSingleton<ITicketEngine>(static sp => sp.GetRequiredService<TicketEngine>());
        services.TryAddSingleton<IInboundEventHandler>(static sp => sp.GetRequiredService<TicketEngine>());
        services.TryAddSingleton(static sp => new TicketScheduler(
            sp.GetRequiredService<TicketEngine>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<OutboxSignal>(),
            sp.GetRequiredService<IOptions<SocialCareOptions>>(),
            sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, SocialCareBackgroundService>());
        services.TryAddSingleton<TicketReports>();
        services.TryAddSingleton<ListeningRules>();
        services.TryAddSingleton<IListeningTriage, RuleListeningTriage>();
        services.TryAddSingleton<WebhookPipeline>();
        services.TryAddSingleton<IWebhookPipeline>(static sp => sp.GetRequiredService<WebhookPipeline>());
        services.TryAddSingleton<IInboundEventPublisher>(static sp => sp.GetRequiredService<WebhookPipeline>());
        services.TryAddSingleton<ITicketOpener>(static sp => sp.GetRequiredService<TicketEngine>());
        AnswerServices.Add(services);
        CustomerServices.Add(services);

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

    /// <summary>Adds a priority rule of the host's own; the engine keeps the highest priority any rule asks for.</summary>
    /// <typeparam name="TRule">The rule; a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ISocialCareBuilder AddPriorityRule<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TRule>(this ISocialCareBuilder builder)
        where TRule : class, IPriorityRule
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPriorityRule, TRule>());
        return builder;
    }

    /// <summary>Replaces the assignment strategy (round robin or least loaded, from the options) with the host's own.</summary>
    /// <typeparam name="TStrategy">The strategy; a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ISocialCareBuilder AddAssignmentStrategy<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStrategy>(this ISocialCareBuilder builder)
        where TStrategy : class, IAssignmentStrategy
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<IAssignmentStrategy, TStrategy>());
        return builder;
    }

    private sealed record SocialCareBuilder(IServiceCollection Services) : ISocialCareBuilder;
}
