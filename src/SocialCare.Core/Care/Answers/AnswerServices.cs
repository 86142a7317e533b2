using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>Registers the canned answers, FAQ suggestions and the built-in FAQ auto-responder.</summary>
internal static class AnswerServices
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton<AnswerIndex>();
        services.TryAddSingleton<AnswerRenderer>();
        services.TryAddSingleton<ICannedAnswers, CannedAnswers>();
        services.TryAddSingleton<IAutoResponder, FaqAutoResponder>();
        services.TryAddSingleton<ListeningPosts>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IActivitySink, ListeningPosts>(static sp => sp.GetRequiredService<ListeningPosts>()));
        services.TryAddSingleton<IListeningInbox, ListeningInbox>();
    }
}
