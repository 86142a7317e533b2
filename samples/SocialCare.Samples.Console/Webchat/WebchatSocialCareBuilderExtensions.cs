using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Samples.Console.Webchat;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the webchat channel to SocialCare.</summary>
public static class WebchatSocialCareBuilderExtensions
{
    /// <summary>Adds the webchat channel: callbacks arrive at <c>/webhooks/webchat</c>, answers wait in the <see cref="WebchatOutbox"/>.</summary>
    /// <param name="builder">The builder returned by <c>services.AddSocialCare()</c>.</param>
    /// <param name="configure">Sets <see cref="WebchatOptions"/>; bind configuration here if the app wants to, the channel never reads it.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <remarks>Safe to call twice: registrations use <c>TryAdd</c>. Options are validated when the host starts.</remarks>
    public static ISocialCareBuilder AddWebchat(this ISocialCareBuilder builder, Action<WebchatOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<WebchatOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebchatOptions>, WebchatOptionsValidator>());
        builder.Services.TryAddSingleton<WebchatOutbox>();
        return builder.AddChannelAdapter<WebchatAdapter>();
    }
}
