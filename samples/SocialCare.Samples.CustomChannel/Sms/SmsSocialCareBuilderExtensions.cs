using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Samples.CustomChannel.Sms;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the SMS channel to SocialCare.</summary>
public static class SmsSocialCareBuilderExtensions
{
    #region snippet:custom-register
    /// <summary>Adds the SMS channel: callbacks arrive at <c>/webhooks/sms</c>, replies go out through the gateway's API.</summary>
    /// <param name="builder">The builder returned by <c>services.AddSocialCare()</c>.</param>
    /// <param name="configure">Sets <see cref="SmsOptions"/>; bind configuration here if the app wants to, the channel never reads it.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <remarks>Safe to call twice: registrations use <c>TryAdd</c>. Options are validated when the host starts.</remarks>
    public static ISocialCareBuilder AddSms(this ISocialCareBuilder builder, Action<SmsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<SmsOptions>()
            .Configure(configure)
            .Validate(o => o.GatewayBaseUrl is null || o.GatewayBaseUrl.IsAbsoluteUri, $"{SmsDefaults.ConfigurationSection}:GatewayBaseUrl must be an absolute URL, such as https://api.sms.example/.")
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmsOptions>, SmsOptionsValidator>());

        // One named client: the app may add handlers to it (resilience, logging) or, in tests, a fake gateway as its primary handler.
        builder.Services.AddHttpClient(SmsDefaults.HttpClientName);
        return builder.AddChannelAdapter<SmsAdapter>();
    }
    #endregion
}
