using Microsoft.Extensions.DependencyInjection;

namespace SocialCare.Core;

/// <summary>Registers customer linking and the privacy operations.</summary>
internal static class CustomerServices
{
    public static void Add(IServiceCollection services)
    {
        _ = services;
    }
}
