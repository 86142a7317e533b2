using Microsoft.Extensions.DependencyInjection;

namespace SocialCare.Core;

/// <summary>Registers the canned answers, FAQ suggestions and listening services.</summary>
internal static class AnswerServices
{
    public static void Add(IServiceCollection services)
    {
        _ = services;
    }
}
