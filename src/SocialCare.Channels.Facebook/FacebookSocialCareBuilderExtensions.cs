using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Channels.Facebook;
using SocialCare.Channels.Meta;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Facebook channel (Messenger and Page comments) on a SocialCare builder.</summary>
public static class FacebookSocialCareBuilderExtensions
{
    /// <summary>
    /// Adds the Facebook channel: webhook verification and parsing for <c>object=page</c>, and sending through the Graph
    /// API with a resilient named <c>HttpClient</c>. Options are validated at start-up; a bad one stops the host with a
    /// message naming it.
    /// </summary>
    /// <param name="builder">The SocialCare builder.</param>
    /// <param name="configure">Sets the options (bind them from <see cref="FacebookDefaults.ConfigurationSection"/>, or set them in code).</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>Calling it twice adds the adapter once; both <paramref name="configure"/> actions apply, in order.</remarks>
    public static ISocialCareBuilder AddFacebook(this ISocialCareBuilder builder, Action<FacebookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<FacebookOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FacebookOptions>, FacebookOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FacebookOptions>, FacebookOptionsChecks>());
        services.TryAddSingleton(TimeProvider.System);
        if (!services.Any(d => d.ServiceType == typeof(FacebookAdapter)))
        {
            GraphHttp.AddGraphHttpClient(services, FacebookDefaults.HttpClientName, ChannelId.Facebook, static sp => sp.GetRequiredService<IOptions<FacebookOptions>>().Value.Resilience);
            services.AddSingleton<FacebookAdapter>();
            services.AddSingleton<IChannelAdapter>(static sp => sp.GetRequiredService<FacebookAdapter>());
        }

        return builder;
    }
}
