using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SocialCare.Abstractions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the host's own implementations of SocialCare's contracts.</summary>
public static class SocialCareBuilderExtensions
{
    /// <summary>Adds a channel adapter. A second call with the same type is ignored.</summary>
    /// <typeparam name="TAdapter">The adapter; a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <remarks>Two adapters that serve the same <see cref="IChannelAdapter.Channel"/> make the pipeline fail when it is first resolved, with a message naming the channel.</remarks>
    public static ISocialCareBuilder AddChannelAdapter<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TAdapter>(this ISocialCareBuilder builder)
        where TAdapter : class, IChannelAdapter
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelAdapter, TAdapter>());
        return builder;
    }

    /// <summary>Replaces the ticket store.</summary>
    /// <typeparam name="TStore">The store; a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ISocialCareBuilder AddTicketStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>(this ISocialCareBuilder builder)
        where TStore : class, ITicketStore
        => Replace<ITicketStore, TStore>(builder);

    /// <summary>Replaces the customer directory.</summary>
    /// <typeparam name="TDirectory">The directory; a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ISocialCareBuilder AddCustomerDirectory<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TDirectory>(this ISocialCareBuilder builder)
        where TDirectory : class, ICustomerDirectory
        => Replace<ICustomerDirectory, TDirectory>(builder);

    /// <summary>Replaces the agent directory.</summary>
    /// <typeparam name="TDirectory">The directory; a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ISocialCareBuilder AddAgentDirectory<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TDirectory>(this ISocialCareBuilder builder)
        where TDirectory : class, IAgentDirectory
        => Replace<IAgentDirectory, TDirectory>(builder);

    /// <summary>Replaces the auto-responder.</summary>
    /// <typeparam name="TResponder">The responder; a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ISocialCareBuilder AddAutoResponder<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TResponder>(this ISocialCareBuilder builder)
        where TResponder : class, IAutoResponder
        => Replace<IAutoResponder, TResponder>(builder);

    /// <summary>Replaces the policy that decides on links, unlinks and merges of customers (the default approves them all).</summary>
    /// <typeparam name="TPolicy">The policy, registered as a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ISocialCareBuilder AddCustomerLinkPolicy<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TPolicy>(this ISocialCareBuilder builder)
        where TPolicy : class, ICustomerLinkPolicy
        => Replace<ICustomerLinkPolicy, TPolicy>(builder);

    /// <summary>Adds a ticket event sink; any number may be added. A second call with the same type is ignored.</summary>
    /// <typeparam name="TSink">The sink; a singleton.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ISocialCareBuilder AddTicketEventSink<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSink>(this ISocialCareBuilder builder)
        where TSink : class, ITicketEventSink
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ITicketEventSink, TSink>());
        return builder;
    }

    /// <summary>Adds a sink that hears when a channel account's health changes (a token expired, calls work again).</summary>
    /// <typeparam name="TSink">The sink type, registered as a singleton; every registered sink is called.</typeparam>
    /// <param name="builder">The SocialCare builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ISocialCareBuilder AddChannelHealthSink<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSink>(this ISocialCareBuilder builder)
        where TSink : class, IChannelHealthSink
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelHealthSink, TSink>());
        return builder;
    }

    /// <summary>Adds a sink that hears the events that never become ticket messages (likes, follows, blocks, revocations, typing, listened-to posts that opened no ticket).</summary>
    /// <typeparam name="TSink">The sink type, registered as a singleton; every registered sink is called.</typeparam>
    /// <param name="builder">The SocialCare builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ISocialCareBuilder AddActivitySink<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSink>(this ISocialCareBuilder builder)
        where TSink : class, IActivitySink
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IActivitySink, TSink>());
        return builder;
    }

    /// <summary>Replaces the rule that decides whether a listened-to public post opens a ticket (by default: questions and complaint words).</summary>
    /// <typeparam name="TTriage">The rule, registered as a singleton.</typeparam>
    /// <param name="builder">The SocialCare builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static ISocialCareBuilder AddListeningTriage<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TTriage>(this ISocialCareBuilder builder)
        where TTriage : class, IListeningTriage
        => Replace<IListeningTriage, TTriage>(builder);

    private static ISocialCareBuilder Replace<TService, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>(ISocialCareBuilder builder)
        where TService : class
        where TImplementation : class, TService
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<TService, TImplementation>());
        return builder;
    }
}
