using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.Samples.Inbox.Tests;

/// <summary><c>SocialCare:Store</c> (SQLite or in memory) and the ticket list's pages (<c>?limit=&amp;after=</c>).</summary>
public sealed class StoreAndPagingTests
{
    [Theory]
    [InlineData(null, InboxStore.Sqlite)]
    [InlineData("Sqlite", InboxStore.Sqlite)]
    [InlineData("InMemory", InboxStore.InMemory)]
    [InlineData(" inmemory ", InboxStore.InMemory)]
    public void Store_IsReadCaseInsensitively_SqliteByDefault(string? value, InboxStore expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [InboxSettings.StoreKey] = value }).Build();
        Assert.Equal(expected, InboxSettings.Read(configuration).Store);
    }

    [Fact]
    public async Task InMemoryStore_KeepsTicketsInMemory_AndWritesNoSqliteFile()
    {
        await using var inbox = await InboxTestApp.StartAsync(new Dictionary<string, string?> { [InboxSettings.StoreKey] = "InMemory" });
        Assert.Equal(200, (await inbox.Driver.WhatsAppTextAsync("393471234567", "Giulia Rossi", "Ciao, il pacco è in ritardo")).StatusCode);

        var ticket = await inbox.SingleTicketAsync("whatsapp");
        Assert.Equal(1, (int)ticket["messageCount"]!);
        var store = Assert.IsType<InMemoryTicketStore>(inbox.App.Services.GetRequiredService<ITicketStore>());
        Assert.Equal(1, store.TicketCount);
        Assert.False(File.Exists(inbox.DatabasePath), "the in-memory store must not create the SQLite file");
    }

    [Fact]
    public async Task SqliteStore_IsTheDefault()
    {
        await using var inbox = await InboxTestApp.StartAsync();
        Assert.IsNotType<InMemoryTicketStore>(inbox.App.Services.GetRequiredService<ITicketStore>());
        Assert.True(File.Exists(inbox.DatabasePath));
    }

    [Fact]
    public async Task Tickets_Pages_ReturnEveryTicketOnce_InIdOrder()
    {
        await using var inbox = await InboxTestApp.StartAsync(new Dictionary<string, string?> { [InboxSettings.StoreKey] = "InMemory" });
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(200, (await inbox.Driver.WhatsAppTextAsync($"39347123456{i}", $"Cliente {i}", $"Messaggio {i}")).StatusCode);
        }

        var seen = new List<string>();
        var sizes = new List<int>();
        string? after = null;
        while (true)
        {
            var page = await inbox.TicketsAsync(after is null ? "?limit=2" : $"?limit=2&after={after}");
            sizes.Add(page.Count);
            seen.AddRange(page.Select(t => t.Str("id")));
            if (page.Count < 2)
            {
                break;
            }

            after = page[^1].Str("id");
        }

        Assert.Equal([2, 2, 1], sizes);
        Assert.Equal(5, seen.Distinct().Count());
        Assert.Equal(seen.OrderDescending(StringComparer.Ordinal), seen);
        Assert.Equal(seen.Order(StringComparer.Ordinal), (await inbox.TicketsAsync()).Select(t => t.Str("id")).Order(StringComparer.Ordinal));

        // Filters apply to pages too; `after` alone takes the default page size.
        Assert.Empty(await inbox.TicketsAsync("?channel=x&limit=10"));
        Assert.Equal(4, (await inbox.TicketsAsync($"?after={seen[0]}")).Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("ten")]
    [InlineData("-1")]
    public async Task Tickets_ABadLimit_Is400(string limit)
    {
        await using var inbox = await InboxTestApp.StartAsync(new Dictionary<string, string?> { [InboxSettings.StoreKey] = "InMemory" });
        using var response = await inbox.Http.GetAsync($"/api/tickets?limit={limit}");
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("limit", (await InboxTestApp.ReadJsonAsync(response)).Str("error"), StringComparison.Ordinal);
    }
}
