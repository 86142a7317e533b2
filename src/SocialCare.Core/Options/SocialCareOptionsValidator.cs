using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>Checks <see cref="SocialCareOptions"/>' ranges; generated at compile time, so no reflection.</summary>
[OptionsValidator]
internal sealed partial class SocialCareOptionsValidator : IValidateOptions<SocialCareOptions>;

/// <summary>Checks at start-up that no two channel adapters claim the same channel.</summary>
internal sealed class ChannelRegistrationValidator(IServiceProvider services) : IValidateOptions<SocialCareOptions>
{
    public ValidateOptionsResult Validate(string? name, SocialCareOptions options)
    {
        var seen = new HashSet<ChannelId>();
        var builder = new ValidateOptionsResultBuilder();
        foreach (var adapter in services.GetServices<IChannelAdapter>())
        {
            if (!seen.Add(adapter.Channel))
            {
                builder.AddError($"Two channel adapters are registered for channel '{adapter.Channel}'; register one adapter per channel.");
            }
        }

        return builder.Build();
    }
}
