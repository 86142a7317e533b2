using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Channels.Twitter;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the X channel on a SocialCare builder.</summary>
public static class XSocialCareBuilderExtensions
{
    /// <summary>
    /// Adds the X channel: the CRC and webhook verification, Account Activity, X Activity API and filtered-stream parsing,
    /// Direct Messages and public replies through the X API with a resilient named <c>HttpClient</c> that honours the
    /// rate-limit headers, DM media download (an <see cref="IMediaDownloader"/> keyed <c>x</c>), and keyword listening by
    /// recent search when rules are configured. Options are validated at start-up; a bad one stops the host with a message
    /// naming it.
    /// </summary>
    /// <param name="builder">The SocialCare builder.</param>
    /// <param name="configure">Sets the options (bind them from <see cref="XDefaults.ConfigurationSection"/>, or set them in code): the app's keys and one or more accounts.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>
    /// Calling it twice adds the adapter once; both <paramref name="configure"/> actions apply, in order. OAuth 2.0 tokens
    /// renewed at run time go to the registered <see cref="IXTokenStore"/> (register your own before or after this call to
    /// keep them across restarts; the default keeps them in memory).
    /// </remarks>
    public static ISocialCareBuilder AddX(this ISocialCareBuilder builder, Action<XOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<XOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<XOptions>, XOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        if (!services.Any(d => d.ServiceType == typeof(XAdapter)))
        {
            XHttp.AddXHttpClient(services);
            services.TryAddSingleton<IXTokenStore>(static sp => new InMemoryXTokenStore(sp.GetRequiredService<IOptions<XOptions>>().Value));
            services.AddSingleton<XAdapter>();
            services.AddSingleton<IChannelAdapter>(static sp => sp.GetRequiredService<XAdapter>());
            services.AddKeyedSingleton<IMediaDownloader>(ChannelId.X.Value, static (sp, _) => sp.GetRequiredService<XAdapter>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, XListeningService>());
        }

        return builder;
    }
}
