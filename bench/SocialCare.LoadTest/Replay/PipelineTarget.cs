using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocialCare.Abstractions;
using SocialCare.Channels.Facebook;
using SocialCare.Channels.Twitter;
using SocialCare.Channels.WhatsApp;
using SocialCare.Core;
using SocialCare.LoadTest.Corpus;
using SocialCare.Testing;

namespace SocialCare.LoadTest.Replay;

/// <summary>
/// The SDK in this process, as a host builds it (<c>AddSocialCare</c> with Facebook, WhatsApp and X on the demo accounts,
/// the in-memory or a SQLite store), fed through <see cref="IWebhookPipeline.ProcessAsync"/> with no HTTP in between.
/// </summary>
/// <remarks>The channels' API addresses point at the loopback emulators, so nothing can reach a real network.</remarks>
internal sealed class PipelineTarget : IReplayTarget, IAsyncDisposable
{
    private static readonly string[] Paths = ["/webhooks/facebook", "/webhooks/whatsapp", "/webhooks/x"];
    private readonly IHost _host;
    private readonly NetworkEmulators _emulators;
    private readonly IWebhookPipeline _pipeline;

    private PipelineTarget(IHost host, NetworkEmulators emulators, string description)
    {
        _host = host;
        _emulators = emulators;
        _pipeline = host.Services.GetRequiredService<IWebhookPipeline>();
        Description = description;
    }

    /// <inheritdoc/>
    public string Description { get; }

    /// <summary>Gets the store the pipeline writes to.</summary>
    public ITicketStore Store => _host.Services.GetRequiredService<ITicketStore>();

    /// <summary>Builds and starts the SDK.</summary>
    /// <param name="sqlitePath">The SQLite file to use, or <see langword="null"/> for the in-memory store.</param>
    /// <param name="cancellationToken">A token to cancel the start.</param>
    /// <returns>The started target.</returns>
    public static async Task<PipelineTarget> StartAsync(string? sqlitePath, CancellationToken cancellationToken)
    {
        var emulators = await NetworkEmulators.StartAsync(cancellationToken: cancellationToken);
        try
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Services.AddLogging();
            var socialCare = builder.Services.AddSocialCare();
            if (sqlitePath is not null)
            {
                socialCare.UseSqlite($"Data Source={sqlitePath}");
            }

            socialCare
                .AddFacebook(o =>
                {
                    o.AppSecret = DemoAccounts.FacebookAppSecret;
                    o.VerifyToken = DemoAccounts.FacebookVerifyToken;
                    o.GraphApiBaseUrl = emulators.GraphBaseUrl;
                    o.Pages.Add(new FacebookPageOptions { PageId = DemoAccounts.PageId, AccessToken = DemoAccounts.PageAccessToken });
                })
                .AddWhatsApp(o =>
                {
                    o.AppSecret = DemoAccounts.WhatsAppAppSecret;
                    o.VerifyToken = DemoAccounts.WhatsAppVerifyToken;
                    o.AccessToken = DemoAccounts.WhatsAppAccessToken;
                    o.GraphApiBaseUrl = emulators.GraphBaseUrl;
                    o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = DemoAccounts.PhoneNumberId });
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
                });
            var host = builder.Build();
            await host.StartAsync(cancellationToken);
            return new PipelineTarget(host, emulators, sqlitePath is null ? "pipeline in process, in-memory store" : "pipeline in process, SQLite store");
        }
        catch
        {
            await emulators.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task<int> SendAsync(CorpusWebhook webhook, CancellationToken cancellationToken)
    {
        var path = webhook.Channel == ChannelId.Facebook ? Paths[0] : webhook.Channel == ChannelId.WhatsApp ? Paths[1] : Paths[2];
        var response = await _pipeline.ProcessAsync(webhook.Channel, WebhookRequest.Post(path, webhook.Body, webhook.Headers), cancellationToken);
        return response.StatusCode;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await _emulators.DisposeAsync();
    }
}
