using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;
using SocialCare.Testing;
using static SocialCare.Channels.Facebook.Tests.Graph.GraphTestKit;

namespace SocialCare.Channels.Facebook.Tests.Graph;

public class FacebookHttpTests
{
    private static ServiceProvider Services(RecordingHandler handler, int calls = 1)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(TimeProvider.System);
        services.AddOptions<FacebookOptions>().Configure(o =>
        {
            var template = Options(resilience: r =>
            {
                FastResilience(r);
                r.MaxRetryAttempts = 1;
            });
            o.AppSecret = template.AppSecret;
            o.VerifyToken = template.VerifyToken;
            o.GraphApiBaseUrl = template.GraphApiBaseUrl;
            o.GraphApiVersion = template.GraphApiVersion;
            o.UseAppSecretProof = true;
            foreach (var page in template.Pages)
            {
                o.Pages.Add(page);
            }

            FastResilience(o.Resilience);
            o.Resilience.MaxRetryAttempts = 1;
        });
        for (var i = 0; i < calls; i++)
        {
            GraphHttp.AddGraphHttpClient(services, FacebookDefaults.HttpClientName, static sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<FacebookOptions>>().Value.Resilience).ConfigurePrimaryHttpMessageHandler(() => handler);
        }

        return services.BuildServiceProvider();
    }

    private static FacebookGraphClient Client(IServiceProvider sp) =>
        new(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<FacebookOptions>>().Value, NullLogger.Instance);

    [Fact]
    public async Task AddFacebookHttpClient_NamedClient_RetriesThroughResilienceHandler()
    {
        var handler = new RecordingHandler().Reply(HttpStatusCode.ServiceUnavailable, "busy").Reply(HttpStatusCode.OK, """{"message_id":"m_1"}""");
        await using var sp = Services(handler);

        var result = await Client(sp).SendAsync(PageId, Build([new TextPart("hi")])[0], CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal(2, handler.Count);
        AssertCall(handler.Requests[1], HttpMethod.Post, PageId + "/messages");
    }

    [Fact]
    public async Task AddFacebookHttpClient_CalledTwice_AddsOneResilienceHandler()
    {
        // One handler with one retry: two attempts, then the 503 is the answer. Two stacked handlers would make three.
        var handler = new RecordingHandler()
            .Reply(HttpStatusCode.ServiceUnavailable, "busy")
            .Reply(HttpStatusCode.ServiceUnavailable, "busy")
            .Reply(HttpStatusCode.OK, """{"message_id":"m_1"}""");
        await using var sp = Services(handler, calls: 2);

        var result = await Client(sp).SendAsync(PageId, Build([new TextPart("hi")])[0], CancellationToken.None);

        Assert.Equal(2, handler.Count);
        Assert.Equal(ChannelErrorKind.Transient, result.Error!.Kind);
    }

    [Fact]
    public void AddFacebookHttpClient_NoTimeProviderRegistered_UsesSystemClock()
    {
        var services = new ServiceCollection();
        services.AddOptions<FacebookOptions>();
        GraphHttp.AddGraphHttpClient(services, FacebookDefaults.HttpClientName, static sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<FacebookOptions>>().Value.Resilience);
        using var sp = services.BuildServiceProvider();

        var client = sp.GetRequiredService<IHttpClientFactory>().CreateClient(FacebookDefaults.HttpClientName);

        Assert.NotNull(client);
        Assert.Equal(new GraphResilienceOptions().TotalTimeout + TimeSpan.FromSeconds(5), client.Timeout);
    }
}
