using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;
using SocialCare.Channels.Facebook;
using SocialCare.Channels.Meta;
using SocialCare.Channels.Twitter;
using SocialCare.Channels.WhatsApp;
using SocialCare.Core;

namespace SocialCare.Testing.Tests.Network;

/// <summary>
/// A minimal application on Kestrel (127.0.0.1, a free port): SocialCare with the real Facebook, WhatsApp and X
/// channels configured with <see cref="DemoAccounts"/> and pointed at <see cref="NetworkEmulators"/>, and
/// <c>GET|POST /webhooks/{channel}</c> handed to <see cref="IWebhookPipeline"/> by the test itself (the ASP.NET Core
/// package is not used here).
/// </summary>
internal sealed class DemoApp : IAsyncDisposable
{
    public static readonly AgentId Agent = new("zoe");

    private readonly WebApplication _app;

    private DemoApp(WebApplication app, NetworkEmulators emulators, Uri webhooks)
    {
        _app = app;
        Emulators = emulators;
        Webhooks = webhooks;
        Client = new HttpClient { BaseAddress = webhooks };
    }

    public NetworkEmulators Emulators { get; }

    /// <summary>Gets the webhook prefix, such as <c>http://127.0.0.1:5123/webhooks/</c>.</summary>
    public Uri Webhooks { get; }

    /// <summary>Gets a client on <see cref="Webhooks"/>.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public ITicketStore Store => Services.GetRequiredService<ITicketStore>();

    public ITicketEngine Engine => Services.GetRequiredService<ITicketEngine>();

    public TicketScheduler Scheduler => Services.GetRequiredService<TicketScheduler>();

    public IChannelAdapter Adapter(ChannelId channel) => Services.GetServices<IChannelAdapter>().Single(a => a.Channel == channel);

    /// <param name="retries">The channels' <c>Resilience.MaxRetryAttempts</c> (none by default, so that one queued failure shows).</param>
    /// <param name="attemptTimeout">The channels' <c>Resilience.AttemptTimeout</c>.</param>
    public static async Task<DemoApp> StartAsync(int retries = 0, TimeSpan? attemptTimeout = null)
    {
        var emulators = await NetworkEmulators.StartAsync();
        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var timeout = attemptTimeout ?? TimeSpan.FromSeconds(10);
            builder.Services.AddSocialCare()
                .AddFacebook(o =>
                {
                    o.AppSecret = DemoAccounts.FacebookAppSecret;
                    o.VerifyToken = DemoAccounts.FacebookVerifyToken;
                    o.GraphApiBaseUrl = emulators.GraphBaseUrl;
                    o.Pages.Add(new FacebookPageOptions { PageId = DemoAccounts.PageId, AccessToken = DemoAccounts.PageAccessToken, Name = "Demo Shop" });
                    Resilience(o.Resilience, retries, timeout);
                })
                .AddWhatsApp(o =>
                {
                    o.AppSecret = DemoAccounts.WhatsAppAppSecret;
                    o.VerifyToken = DemoAccounts.WhatsAppVerifyToken;
                    o.AccessToken = DemoAccounts.WhatsAppAccessToken;
                    o.GraphApiBaseUrl = emulators.GraphBaseUrl;
                    o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = DemoAccounts.PhoneNumberId, Name = "Demo Shop" });
                    Resilience(o.Resilience, retries, timeout);
                })
                .AddX(o =>
                {
                    o.ConsumerKey = DemoAccounts.XConsumerKey;
                    o.ConsumerSecret = DemoAccounts.XConsumerSecret;
                    o.ApiBaseUrl = emulators.XBaseUrl;
                    o.Accounts.Add(new XAccountOptions
                    {
                        UserId = DemoAccounts.XBrandUserId,
                        ScreenName = DemoAccounts.XBrandScreenName,
                        AccessToken = DemoAccounts.XAccessToken,
                        AccessTokenSecret = DemoAccounts.XAccessTokenSecret,
                    });
                    o.Resilience.MaxRetryAttempts = retries;
                    o.Resilience.RetryBaseDelay = TimeSpan.Zero;
                    o.Resilience.AttemptTimeout = timeout;
                    o.Resilience.TotalTimeout = Total(timeout);
                });
            var app = builder.Build();
            app.MapMethods("/webhooks/{channel}", [HttpMethods.Get, HttpMethods.Post], ServeWebhookAsync);
            await app.StartAsync();

            // Zoe answers; offline, so that automatic assignment leaves tickets unassigned.
            ((InMemoryAgentDirectory)app.Services.GetRequiredService<IAgentDirectory>()).Upsert(new Agent(Agent, "Zoe") { Presence = AgentPresence.Offline });
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new DemoApp(app, emulators, new Uri(address.TrimEnd('/') + "/webhooks/"));
        }
        catch
        {
            await emulators.DisposeAsync();
            throw;
        }
    }

    public async Task<IReadOnlyList<Ticket>> TicketsAsync() => await Store.QueryTicketsAsync(new TicketQuery(), default);

    public Task<IReadOnlyList<Message>> MessagesAsync(TicketId id) => Store.GetMessagesAsync(id, default);

    /// <summary>Finds the one ticket of a channel.</summary>
    public async Task<Ticket> TicketAsync(ChannelId channel) => Assert.Single(await TicketsAsync(), t => t.Conversation.Channel == channel);

    /// <summary>Queues an agent's reply and waits until the outbox sent it (the app's background scheduler may be the one that does).</summary>
    public async Task<Message> ReplyAndSendAsync(TicketId ticket, string text, bool isPrivate = false)
    {
        var reply = await Engine.ReplyAsync(new ReplyRequest(ticket, Agent, [new TextPart(text)]) { Private = isPrivate });
        Assert.True(reply.Succeeded, reply.Error);
        await Scheduler.DispatchOutboxAsync();
        return await EventuallyAsync(async () => (await MessagesAsync(ticket)).Single(m => m.Id == reply.Message!.Id) is { NetworkId: not null } sent ? sent : null);
    }

    /// <summary>Polls until <paramref name="probe"/> gives a value, for at most 10 seconds.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(20, limit.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Emulators.DisposeAsync();
    }

    private static void Resilience(GraphResilienceOptions resilience, int retries, TimeSpan timeout)
    {
        resilience.MaxRetryAttempts = retries;
        resilience.RetryBaseDelay = TimeSpan.Zero;
        resilience.AttemptTimeout = timeout;
        resilience.TotalTimeout = Total(timeout);
    }

    private static TimeSpan Total(TimeSpan attempt) => attempt + attempt < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : attempt + attempt;

    /// <summary>What the ASP.NET Core package will do, reduced: the raw request to the pipeline, its answer back.</summary>
    private static async Task ServeWebhookAsync(HttpContext context)
    {
        var name = context.Request.RouteValues["channel"] as string;
        if (name is null || !ChannelId.IsValid(name))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var request = new WebhookRequest(context.Request.Method, context.Request.Path, buffer.ToArray())
        {
            Headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
        };
        var pipeline = context.RequestServices.GetRequiredService<IWebhookPipeline>();
        var response = await pipeline.ProcessAsync(new ChannelId(name), request, context.RequestAborted);
        context.Response.StatusCode = response.StatusCode;
        if (response.Body is not null)
        {
            context.Response.ContentType = response.ContentType ?? "text/plain";
            await context.Response.WriteAsync(response.Body, context.RequestAborted);
        }
    }
}
