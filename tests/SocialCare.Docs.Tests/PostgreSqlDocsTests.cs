using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Docs.Tests.Snippets;
using SocialCare.Storage.PostgreSql;

namespace SocialCare.Docs.Tests;

/// <summary>Checks docs/postgresql.md: its snippet registers the shared store with the options the page shows.</summary>
public sealed class PostgreSqlDocsTests
{
    private const string Page = "postgresql.md";

    [Fact]
    public void RegisterSnippet_WithThePagesConfiguration_UsesPostgreSqlWithThoseOptions()
    {
        var configuration = DocConfig.Load(Page, "pg-options");
        var builder = WebApplication.CreateBuilder([.. DocConfig.Arguments(configuration)]);
        builder.Configuration["SocialCare:WhatsApp:AppSecret"] = "app-secret";
        builder.Configuration["SocialCare:WhatsApp:VerifyToken"] = "verify-token";

        PostgreSqlSnippets.AddStore(builder);
        using var provider = builder.Services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value;   // runs the validator

        var store = Assert.Single(builder.Services, d => d.ServiceType == typeof(ITicketStore));
        var directory = Assert.Single(builder.Services, d => d.ServiceType == typeof(ICustomerDirectory));
        Assert.Equal("Host=db.internal;Username=socialcare;Password=change-me;Database=socialcare", options.ConnectionString);
        Assert.Equal(("socialcare", 3, TimeSpan.FromMilliseconds(50), true, 64), (options.Schema, options.MaxRetries, options.RetryDelay, options.GroupCommit, options.MaxBatchSize));
        Assert.NotNull(store.ImplementationFactory);
        Assert.NotNull(directory.ImplementationFactory);
    }

    [Fact]
    public void OptionsTable_ShowsTheDefaults()
    {
        var defaults = new PostgreSqlStoreOptions();
        var text = Repository.ReadDoc(Page);

        Assert.Contains($"| `Schema` | `{defaults.Schema}` |", text, StringComparison.Ordinal);
        Assert.Contains($"| `MaxRetries` | {defaults.MaxRetries} |", text, StringComparison.Ordinal);
        Assert.Contains($"| `RetryDelay` | `{defaults.RetryDelay:hh\\:mm\\:ss\\.fff}` |", text, StringComparison.Ordinal);
        Assert.Contains($"| `GroupCommit` | `{defaults.GroupCommit.ToString().ToLowerInvariant()}` |", text, StringComparison.Ordinal);
        Assert.Contains($"| `MaxBatchSize` | {defaults.MaxBatchSize} |", text, StringComparison.Ordinal);
    }
}
