using Microsoft.AspNetCore.Builder;
using SocialCare.Samples.Inbox;

namespace SocialCare.LoadTest.Replay;

/// <summary>The inbox sample started in this process on 127.0.0.1 on a free port, in demo mode without its scripted conversations.</summary>
internal sealed class InboxHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InboxHost(WebApplication app)
    {
        _app = app;
        BaseAddress = InboxApp.GetBaseAddress(app);
    }

    /// <summary>Gets the inbox's address, ending in <c>/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Builds and starts the inbox.</summary>
    /// <param name="sqlitePath">The SQLite file to use, or <see langword="null"/> for <c>SocialCare:Store=InMemory</c>.</param>
    /// <param name="cancellationToken">A token to cancel the start.</param>
    /// <returns>The started inbox.</returns>
    public static async Task<InboxHost> StartAsync(string? sqlitePath, CancellationToken cancellationToken)
    {
        List<string> args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--{InboxSettings.DemoKey}=true",
            $"--{InboxSettings.DemoConversationsKey}=false",

            // Ingest is measured, not automation: at night the notice would add a reply per conversation, depending on the clock.
            $"--{InboxSettings.OutOfHoursKey}=false",
            $"--{InboxSettings.StoreKey}={(sqlitePath is null ? InboxStore.InMemory : InboxStore.Sqlite)}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
        ];
        if (sqlitePath is not null)
        {
            args.Add($"--{InboxSettings.SqliteConnectionStringKey}=Data Source={sqlitePath}");
        }

        var app = await InboxApp.BuildAsync(InboxApp.CreateBuilder([.. args]), cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken);
            return new InboxHost(app);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
