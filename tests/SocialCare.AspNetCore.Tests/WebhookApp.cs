using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;
using SocialCare.Channels.Facebook;
using SocialCare.Channels.Meta;
using SocialCare.Channels.Twitter;
using SocialCare.Channels.WhatsApp;
using SocialCare.Core;
using SocialCare.Testing;
using SocialCare.Testing.Meta;

namespace SocialCare.AspNetCore.Tests;

/// <summary>
/// A real ASP.NET Core app on Kestrel at 127.0.0.1 on a free port: the Facebook, WhatsApp and X channels (their Graph and
/// X API emulators as the primary handlers of their named clients, behind the real resilience handlers), the SQLite store
/// in a temp directory, <c>MapSocialCareWebhooks("/webhooks")</c>, and <c>/health</c> with the channel health checks
/// written as JSON.
/// </summary>
internal sealed class WebhookApp : IAsyncDisposable
{
    public const string MetaAppSecret = "aspnet-test-app-secret-4f1c";
    public const string VerifyToken = "vt-aspnet-7d21";
    public const string PageId = "104857392016485";
    public const string PageToken = "EAAG-page-token-104857";
    public const string WabaId = "118273645501928";
    public const string PhoneNumberId = "109283746501234";
    public const string WhatsAppToken = "EAAG-wa-token";
    public const string XConsumerKey = "test-consumer-key";
    public const string XConsumerSecret = "kP3xV9qLm2TzR8wN4sYb7JcH1dF6gA0eU5iO2rE9tQw";
    public const string XBrandId = "1278843152204431360";
    public const string XAccessToken = "1278843152204431360-test-access-token";
    public const string XAccessTokenSecret = "test-access-token-secret";

    /// <summary>The body limit of the app unless a test sets another: small, so that oversized bodies stay small.</summary>
    public const long DefaultMaxBody = 4096;

    private readonly WebApplication _app;
    private readonly TempDirectory _files;

    private WebhookApp(WebApplication app, TempDirectory files, Uri address, GraphApiEmulator facebook, GraphApiEmulator whatsApp, XApiEmulator x, TestLoggerProvider logs)
    {
        _app = app;
        _files = files;
        Address = address;
        FacebookGraph = facebook;
        WhatsAppGraph = whatsApp;
        X = x;
        Logs = logs;
        Client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public GraphApiEmulator FacebookGraph { get; }

    public GraphApiEmulator WhatsAppGraph { get; }

    public XApiEmulator X { get; }

    public TestLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    public string ConnectionString => _files.ConnectionString;

    public ITicketStore Store => Services.GetRequiredService<ITicketStore>();

    public ITicketEngine Engine => Services.GetRequiredService<ITicketEngine>();

    public TicketScheduler Scheduler => Services.GetRequiredService<TicketScheduler>();

    /// <summary>Starts an app.</summary>
    /// <param name="maxBody">SocialCareOptions.MaxRequestBodySize.</param>
    /// <param name="time">The clock of SocialCare (not of Kestrel), when a test needs to move it.</param>
    /// <param name="socialCare">Adds to the SocialCare builder (a custom adapter…).</param>
    /// <param name="facebook">Changes the Facebook options.</param>
    /// <param name="whatsApp">Changes the WhatsApp options.</param>
    /// <param name="x">Changes the X options.</param>
    /// <param name="kestrel">Changes Kestrel's options (its limits).</param>
    public static async Task<WebhookApp> StartAsync(
        long maxBody = DefaultMaxBody,
        TimeProvider? time = null,
        Action<ISocialCareBuilder>? socialCare = null,
        Action<FacebookOptions>? facebook = null,
        Action<WhatsAppOptions>? whatsApp = null,
        Action<XOptions>? x = null,
        Action<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>? kestrel = null)
    {
        var files = new TempDirectory();
        var logs = new TestLoggerProvider();
        var clock = time ?? TimeProvider.System;
        var facebookGraph = new GraphApiEmulator(clock);
        var whatsAppGraph = new GraphApiEmulator(clock);
        var xApi = new XApiEmulator(clock);
        xApi.AddAccount(XBrandId, XConsumerKey, XConsumerSecret, XAccessToken, XAccessTokenSecret);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            kestrel?.Invoke(o);
        });
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        builder.Services.AddSingleton(clock);
        var socialCareBuilder = builder.Services.AddSocialCare(o => o.MaxRequestBodySize = maxBody)
            .UseSqlite(files.ConnectionString)
            .AddFacebook(o =>
            {
                o.AppSecret = MetaAppSecret;
                o.VerifyToken = VerifyToken;
                o.AppId = "1398475620193847";
                o.GraphApiBaseUrl = new Uri("https://graph.test/");
                o.Pages.Add(new FacebookPageOptions { PageId = PageId, AccessToken = PageToken, Name = "Example Shop" });
                o.Resilience.RetryBaseDelay = TimeSpan.Zero;
                facebook?.Invoke(o);
            })
            .AddWhatsApp(o =>
            {
                o.AppSecret = MetaAppSecret;
                o.VerifyToken = VerifyToken;
                o.AccessToken = WhatsAppToken;
                o.GraphApiBaseUrl = new Uri("https://graph.test/");
                o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = PhoneNumberId, Name = "Example Shop" });
                o.Resilience.RetryBaseDelay = TimeSpan.Zero;
                whatsApp?.Invoke(o);
            })
            .AddX(o =>
            {
                o.ConsumerKey = XConsumerKey;
                o.ConsumerSecret = XConsumerSecret;
                o.AppId = "28817342";
                o.ApiBaseUrl = new Uri("https://api.x.test/");
                o.Accounts.Add(new XAccountOptions { UserId = XBrandId, ScreenName = "NimbusCare", AccessToken = XAccessToken, AccessTokenSecret = XAccessTokenSecret });
                o.Resilience.RetryBaseDelay = TimeSpan.Zero;
                x?.Invoke(o);
            });
        socialCare?.Invoke(socialCareBuilder);
        builder.Services.AddHttpClient(FacebookDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => facebookGraph);
        builder.Services.AddHttpClient(WhatsAppDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => whatsAppGraph);
        builder.Services.AddHttpClient(XDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => xApi);
        builder.Services.AddHealthChecks().AddSocialCareChannels();

        var app = builder.Build();

        // Zoe answers; offline, so that automatic assignment leaves tickets unassigned.
        ((InMemoryAgentDirectory)app.Services.GetRequiredService<IAgentDirectory>()).Upsert(new Agent(new AgentId("zoe"), "Zoe") { Presence = AgentPresence.Offline });
        app.MapSocialCareWebhooks("/webhooks");
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealthAsync });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            files.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new WebhookApp(app, files, new Uri(address), facebookGraph, whatsAppGraph, xApi, logs);
    }

    /// <summary>Posts a body to <c>/webhooks/{channel}</c> with the given headers.</summary>
    public async Task<HttpResponseMessage> PostAsync(string channel, byte[] body, IReadOnlyDictionary<string, string> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/" + channel) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>Reads <c>/health</c>: its HTTP status and JSON.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Report)> HealthAsync()
    {
        using var response = await Client.GetAsync("/health");
        var json = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(json);
        return (response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>Reads <c>/health</c> until one channel's entry has the status wanted, or fails after a while.</summary>
    public async Task<JsonElement> WaitForHealthAsync(ChannelId channel, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var (_, report) = await HealthAsync();
            var entry = report.GetProperty("entries").GetProperty("socialcare-" + channel.Value);
            if (entry.GetProperty("status").GetString() == status)
            {
                return entry;
            }

            Assert.True(DateTime.UtcNow < deadline, $"socialcare-{channel} stayed {entry.GetProperty("status").GetString()}: {entry}");
            await Task.Delay(50);
        }
    }

    /// <summary>Every stored ticket.</summary>
    public Task<IReadOnlyList<Ticket>> TicketsAsync() => Store.QueryTicketsAsync(new TicketQuery(), default);

    /// <summary>The log entries at Error level or above.</summary>
    public IReadOnlyList<LogEntry> Errors => [.. Logs.Entries.Where(e => e.Level >= LogLevel.Error)];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _files.Dispose();
    }

    /// <summary>The JSON writer of <c>/health</c>: status, and per entry its status, description, tags and data.</summary>
    private static async Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("status", report.Status.ToString());
            writer.WriteStartObject("entries");
            foreach (var (name, entry) in report.Entries)
            {
                writer.WriteStartObject(name);
                writer.WriteString("status", entry.Status.ToString());
                writer.WriteString("description", entry.Description);
                writer.WriteStartArray("tags");
                foreach (var tag in entry.Tags)
                {
                    writer.WriteStringValue(tag);
                }

                writer.WriteEndArray();
                writer.WriteStartObject("data");
                foreach (var (key, value) in entry.Data)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, value);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case IEnumerable<KeyValuePair<string, string>> pairs:
                writer.WriteStartObject();
                foreach (var (key, item) in pairs)
                {
                    writer.WriteString(key, item);
                }

                writer.WriteEndObject();
                break;
            default:
                throw new InvalidOperationException("Unexpected health data value: " + value.GetType());
        }
    }
}

/// <summary>A fresh directory under the temp folder for one app's SQLite file, deleted with everything in it.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "socialcare-aspnetcore-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string ConnectionString => $"Data Source={System.IO.Path.Combine(Path, "socialcare.db")}";

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
