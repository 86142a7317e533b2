using Microsoft.Extensions.DependencyInjection;

namespace SocialCare.Abstractions;

/// <summary>
/// Configures SocialCare: returned by <c>services.AddSocialCare()</c>, extended by channel and store packages
/// (<c>.AddFacebook(…)</c>, <c>.UseSqlite(…)</c>) and by the host (<c>.AddChannelAdapter&lt;T&gt;()</c>).
/// </summary>
public interface ISocialCareBuilder
{
    /// <summary>Gets the service collection SocialCare registers into.</summary>
    IServiceCollection Services { get; }
}
