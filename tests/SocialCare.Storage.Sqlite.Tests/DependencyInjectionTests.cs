using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NSubstitute;
using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.Storage.Sqlite.Tests;

/// <summary><c>UseSqlite</c>: what it registers, what wins, and how a host starts (or refuses to) with it.</summary>
public sealed class DependencyInjectionTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task UseSqlite_RegistersStoreAndDirectory_OverOneDatabase()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSocialCare().UseSqlite(_files.ConnectionString());
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var store = Assert.IsType<SqliteTicketStore>(provider.GetRequiredService<ITicketStore>());
        Assert.IsType<SqliteCustomerDirectory>(provider.GetRequiredService<ICustomerDirectory>());
        Assert.Same(provider.GetRequiredService<SqliteDatabase>(), store.Database);
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is SqliteStartupService);
    }

    [Fact]
    public async Task UseSqlite_WithoutAHost_OpensTheFileOnFirstUse()
    {
        var services = new ServiceCollection();
        services.AddSocialCare().UseSqlite(_files.ConnectionString());
        await using (var provider = services.BuildServiceProvider())
        {
            var store = provider.GetRequiredService<ITicketStore>();
            Assert.False(File.Exists(_files.File()));
            Assert.Equal(CommitOutcome.Committed, await store.CommitAsync(Model.Opening(1).Changes, default));
            var customer = await provider.GetRequiredService<ICustomerDirectory>().ResolveAsync(Model.Person(1), default);
            Assert.Equal(customer.Id, (await provider.GetRequiredService<ICustomerDirectory>().GetAsync(customer.Id, default))?.Id);
        }

        Assert.Equal(1, Inspect.Scalar(_files.File(), "SELECT COUNT(*) FROM tickets"));
        Assert.Equal(1, Inspect.Scalar(_files.File(), "SELECT COUNT(*) FROM customers"));
    }

    [Fact]
    public async Task UseSqlite_ProviderDisposedSynchronously_ClosesTheFile()
    {
        var services = new ServiceCollection();
        services.AddSocialCare().UseSqlite(_files.ConnectionString());
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<ITicketStore>().CommitAsync(Model.Opening(1).Changes, default);
        provider.Dispose();

        await using var reopened = new SqliteTicketStore(_files.Options());
        Assert.True(await reopened.IsProcessedAsync(Model.Event("event-1"), default));
    }

    [Fact]
    public async Task HostStart_CreatesAndMigratesTheFile()
    {
        using var host = BuildHost(b => b.UseSqlite(_files.ConnectionString()));
        await host.StartAsync();
        Assert.Equal(SqliteSchema.CurrentVersion, Inspect.Scalar(_files.File(), "SELECT MAX(version) FROM schema_version"));
        await host.StopAsync();
    }

    [Fact]
    public void UseSqlite_HostDirectoryRegisteredBefore_Wins()
    {
        var services = new ServiceCollection();
        services.AddSocialCare().AddCustomerDirectory<CrmDirectory>().UseSqlite(_files.ConnectionString());
        using var provider = services.BuildServiceProvider();
        Assert.IsType<CrmDirectory>(provider.GetRequiredService<ICustomerDirectory>());
        Assert.IsType<SqliteTicketStore>(provider.GetRequiredService<ITicketStore>());
    }

    [Fact]
    public void UseSqlite_HostDirectoryRegisteredAfter_Wins()
    {
        var services = new ServiceCollection();
        services.AddSocialCare().UseSqlite(_files.ConnectionString()).AddCustomerDirectory<CrmDirectory>();
        using var provider = services.BuildServiceProvider();
        Assert.IsType<CrmDirectory>(provider.GetRequiredService<ICustomerDirectory>());
    }

    [Fact]
    public void UseSqlite_HostDirectoryInstanceRegisteredBefore_Wins()
    {
        var crm = Substitute.For<ICustomerDirectory>();
        var services = new ServiceCollection();
        services.AddSingleton(crm);
        services.AddSocialCare().UseSqlite(_files.ConnectionString());
        using var provider = services.BuildServiceProvider();
        Assert.Same(crm, provider.GetRequiredService<ICustomerDirectory>());
    }

    [Fact]
    public void UseSqlite_CalledTwice_RegistersOnceAndTheLastConnectionStringWins()
    {
        var services = new ServiceCollection();
        services.AddSocialCare().UseSqlite(_files.ConnectionString("first.db")).UseSqlite(_files.ConnectionString("second.db"));
        Assert.Single(services, d => d.ServiceType == typeof(ITicketStore));
        Assert.Single(services, d => d.ServiceType == typeof(ICustomerDirectory));
        Assert.Single(services, d => d.ImplementationType == typeof(SqliteStartupService));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(_files.ConnectionString("second.db"), provider.GetRequiredService<IOptions<SqliteStoreOptions>>().Value.ConnectionString);
    }

    [Fact]
    public async Task HostStart_EmptyConnectionString_FailsNamingTheOption()
    {
        using var host = BuildHost(b => b.UseSqlite(string.Empty));
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("SocialCare:Storage:Sqlite:ConnectionString", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=x.db;Mode=ReadOnly")]
    [InlineData("Data Source=x.db;Flavour=Vanilla")]
    public async Task HostStart_UnusableConnectionString_FailsNamingTheOption(string connectionString)
    {
        using var host = BuildHost(b => b.UseSqlite(connectionString));
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("SocialCare:Storage:Sqlite:ConnectionString", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_InvalidNumbers_FailNamingEachOption()
    {
        using var host = BuildHost(b => b.UseSqlite(_files.ConnectionString(), o =>
        {
            o.MaxBatchSize = 0;
            o.ReadConnections = 0;
            o.BusyTimeout = TimeSpan.FromSeconds(-1);
        }));
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("SocialCare:Storage:Sqlite:MaxBatchSize", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:Storage:Sqlite:ReadConnections", exception.Message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:Storage:Sqlite:BusyTimeout", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_FileInAMissingDirectory_FailsNamingTheOption()
    {
        var missing = Path.Combine(_files.Path, "no-such-directory", "socialcare.db");
        using var host = BuildHost(b => b.UseSqlite($"Data Source={missing};Password=hunter2"));
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("SocialCare:Storage:Sqlite:ConnectionString", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_FileWithANewerSchema_Fails()
    {
        Inspect.Execute(_files.File(), "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY); INSERT INTO schema_version VALUES (1000);");
        using var host = BuildHost(b => b.UseSqlite(_files.ConnectionString()));
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("schema version 1000", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_StoreAndDirectoryBothReplaced_DoesNotTouchTheFile()
    {
        var missing = Path.Combine(_files.Path, "no-such-directory", "socialcare.db");
        using var host = BuildHost(b => b.UseSqlite($"Data Source={missing}").AddTicketStore<InMemoryTicketStore>().AddCustomerDirectory<CrmDirectory>());
        await host.StartAsync();
        await host.StopAsync();
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheOption()
    {
        var exception = Assert.Throws<ArgumentException>(() => new SqliteTicketStore(new SqliteStoreOptions { ConnectionString = "Data Source=x.db", MaxBatchSize = -1 }));
        Assert.Contains("SocialCare:Storage:Sqlite:MaxBatchSize", exception.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SqliteCustomerDirectory(new SqliteStoreOptions(), TimeProvider.System));
    }

    private static IHost BuildHost(Action<ISocialCareBuilder> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        configure(builder.Services.AddSocialCare());
        return builder.Build();
    }

    /// <summary>A host's own directory (its CRM), as registered with <c>AddCustomerDirectory</c>.</summary>
    private sealed class CrmDirectory : ICustomerDirectory
    {
        private readonly InMemoryCustomerDirectory _inner = new(TimeProvider.System);

        public ValueTask<Customer> ResolveAsync(Participant participant, CancellationToken cancellationToken) => _inner.ResolveAsync(participant, cancellationToken);

        public ValueTask<Customer?> FindAsync(Participant identity, CancellationToken cancellationToken) => _inner.FindAsync(identity, cancellationToken);

        public ValueTask<Customer?> GetAsync(CustomerId id, CancellationToken cancellationToken) => _inner.GetAsync(id, cancellationToken);

        public ValueTask<Customer> LinkAsync(CustomerId id, Participant identity, CancellationToken cancellationToken) => _inner.LinkAsync(id, identity, cancellationToken);

        public ValueTask<Customer> UnlinkAsync(CustomerId id, Participant identity, CancellationToken cancellationToken) => _inner.UnlinkAsync(id, identity, cancellationToken);

        public ValueTask<Customer> UpdateAsync(Customer customer, CancellationToken cancellationToken) => _inner.UpdateAsync(customer, cancellationToken);
    }
}
