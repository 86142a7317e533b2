using SocialCare.Abstractions;

namespace SocialCare.AspNetCore;

/// <summary>The names the ASP.NET Core package gives its endpoints and health checks.</summary>
public static class SocialCareAspNetCoreDefaults
{
    /// <summary>The default path prefix of the webhook endpoints: <c>/webhooks</c>, so that each channel answers at <c>/webhooks/{channel}</c>.</summary>
    public const string WebhookPrefix = "/webhooks";

    /// <summary>The tag of every channel health check: <c>socialcare</c>.</summary>
    public const string HealthCheckTag = "socialcare";

    /// <summary>The prefix of a channel health check's name: <c>socialcare-</c>, followed by the channel id.</summary>
    public const string HealthCheckNamePrefix = "socialcare-";

    /// <summary>Returns the name of a channel's health check, such as <c>socialcare-whatsapp</c>.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The name.</returns>
    public static string HealthCheckName(ChannelId channel) => HealthCheckNamePrefix + channel.Value;
}
