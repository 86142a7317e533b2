using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;
using SocialCare.Channels.WhatsApp;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the WhatsApp channel (Cloud API) on a SocialCare builder.</summary>
public static class WhatsAppSocialCareBuilderExtensions
{
    /// <summary>
    /// Adds the WhatsApp channel: webhook verification and parsing for <c>object=whatsapp_business_account</c>, sending
    /// through the Cloud API with a resilient named <c>HttpClient</c>, a throughput limiter per number and a pacer per
    /// customer, and media download (an <see cref="IMediaDownloader"/> keyed <c>whatsapp</c>). Options are validated at
    /// start-up; a bad one stops the host with a message naming it.
    /// </summary>
    /// <param name="builder">The SocialCare builder.</param>
    /// <param name="configure">Sets the options (bind them from <see cref="WhatsAppDefaults.ConfigurationSection"/>, or set them in code): one or more phone numbers.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <remarks>Calling it twice adds the adapter once; both <paramref name="configure"/> actions apply, in order.</remarks>
    public static ISocialCareBuilder AddWhatsApp(this ISocialCareBuilder builder, Action<WhatsAppOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<WhatsAppOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WhatsAppOptions>, WhatsAppOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        if (!services.Any(d => d.ServiceType == typeof(WhatsAppAdapter)))
        {
            GraphHttp.AddGraphHttpClient(services, WhatsAppDefaults.HttpClientName, ChannelId.WhatsApp, static sp => sp.GetRequiredService<IOptions<WhatsAppOptions>>().Value.Resilience);
            services.AddSingleton<WhatsAppAdapter>();
            services.AddSingleton<IChannelAdapter>(static sp => sp.GetRequiredService<WhatsAppAdapter>());
            services.AddKeyedSingleton<IMediaDownloader>(ChannelId.WhatsApp.Value, static (sp, _) => sp.GetRequiredService<WhatsAppAdapter>());
        }

        return builder;
    }
}
