using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Testing;

namespace SocialCare.Samples.Inbox.Tests;

/// <summary>
/// The inbox on Kestrel at 127.0.0.1 on a free port, with a SQLite file in a temporary folder; by default in demo mode
/// (the emulated networks) without the scripted conversations, so that each test makes the traffic it checks.
/// </summary>
internal sealed class InboxTestApp : IAsyncDisposable
{
    private readonly string _folder;

    private InboxTestApp(WebApplication app, string folder)
    {
        App = app;
        _folder = folder;
        BaseAddress = InboxApp.GetBaseAddress(app);
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        WebhooksHttp = new HttpClient { BaseAddress = new Uri(BaseAddress, "webhooks/"), Timeout = TimeSpan.FromSeconds(30) };
        Driver = new WebhookDriver(WebhooksHttp);
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    /// <summary>Gets a client of the app's HTTP API and page.</summary>
    public HttpClient Http { get; }

    /// <summary>Gets a client whose base address is the app's webhook prefix.</summary>
    public HttpClient WebhooksHttp { get; }

    /// <summary>Gets a driver that sends the demo accounts' signed webhooks.</summary>
    public WebhookDriver Driver { get; }

    /// <summary>Gets the emulated networks (demo mode only).</summary>
    public NetworkEmulators Emulators => App.Services.GetRequiredService<NetworkEmulators>();

    public string DatabasePath => Path.Combine(_folder, "inbox.db");

    public static async Task<InboxTestApp> StartAsync(IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var folder = Directory.CreateTempSubdirectory("socialcare-inbox-tests-").FullName;
        try
        {
            var builder = CreateBuilder(folder, settings);
            configure?.Invoke(builder);
            var app = await InboxApp.BuildAsync(builder);
            try
            {
                await app.StartAsync();
                return new InboxTestApp(app, folder);
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }
        catch
        {
            TryDelete(folder);
            throw;
        }
    }

    /// <summary>Creates the app's builder as the tests use it: a free port on 127.0.0.1, a temporary SQLite file, no demo script.</summary>
    public static WebApplicationBuilder CreateBuilder(string folder, IDictionary<string, string?>? settings = null)
    {
        var args = new List<string> { "--urls", "http://127.0.0.1:0" };
        var all = new Dictionary<string, string?>
        {
            [InboxSettings.DemoConversationsKey] = "false",

            // The wall clock must not decide what a test sees: the out-of-hours test turns the notice on with a clock of its own.
            [InboxSettings.OutOfHoursKey] = "false",
            [InboxSettings.SqliteConnectionStringKey] = $"Data Source={Path.Combine(folder, "inbox.db")}",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        foreach (var (key, value) in all)
        {
            if (value is not null)
            {
                args.Add($"--{key}={value}");
            }
        }

        return InboxApp.CreateBuilder([.. args]);
    }

    public async Task<JsonArray> TicketsAsync(string query = "")
    {
        using var response = await Http.GetAsync($"/api/tickets{query}");
        Assert.Equal(200, (int)response.StatusCode);
        return (JsonArray)(await ReadJsonAsync(response))!;
    }

    public async Task<JsonObject> TicketAsync(string id)
    {
        using var response = await Http.GetAsync($"/api/tickets/{id}");
        Assert.Equal(200, (int)response.StatusCode);
        return (JsonObject)(await ReadJsonAsync(response))!;
    }

    /// <summary>Waits for the only ticket of a channel (webhooks are acknowledged after the commit, so usually at once).</summary>
    public Task<JsonObject> SingleTicketAsync(string channel)
        => Eventually.GetAsync(async () =>
        {
            var tickets = await TicketsAsync($"?channel={channel}");
            return tickets.Count == 1 ? (JsonObject)tickets[0]! : null;
        });

    public async Task<(int Status, JsonObject? Body)> PostAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        return ((int)response.StatusCode, await ReadJsonAsync(response) as JsonObject);
    }

    /// <summary>Waits until a message on a ticket matches.</summary>
    public Task<JsonObject> MessageAsync(string ticketId, string messageId, Func<JsonObject, bool> until)
        => Eventually.GetAsync(async () =>
        {
            var ticket = await TicketAsync(ticketId);
            var message = ticket["messages"]!.AsArray().OfType<JsonObject>().SingleOrDefault(m => (string?)m["id"] == messageId);
            return message is not null && until(message) ? message : null;
        });

    public static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        WebhooksHttp.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        TryDelete(_folder);
    }

    public static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; the folder is in the temp directory.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>Waits for something that happens in the background (the outbox dispatcher, a webhook's processing).</summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null, string? what = null)
        where T : class
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what ?? "the condition"}.");
            }

            await Task.Delay(50);
        }
    }

    public static Task<T> GetAsync<T>(Func<T?> probe, TimeSpan? timeout = null, string? what = null)
        where T : class
        => GetAsync(() => Task.FromResult(probe()), timeout, what);
}

internal static class JsonExtensions
{
    public static string Str(this JsonNode? node, string name) => (string?)node?[name] ?? throw new KeyNotFoundException($"No '{name}' in {node?.ToJsonString()}");

    public static JsonObject[] Objects(this JsonNode? node, string name) => node?[name]?.AsArray().OfType<JsonObject>().ToArray() ?? [];

    public static string Json(this JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";
}
