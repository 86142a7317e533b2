using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>Registers customer linking and the privacy operations.</summary>
internal static class CustomerServices
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton<ICustomerLinkPolicy, DefaultCustomerLinkPolicy>();
        services.TryAddSingleton<ICustomerLinking, CustomerLinking>();
        services.TryAddSingleton<ICustomerPrivacy, CustomerPrivacy>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RetentionService>());
    }
}
