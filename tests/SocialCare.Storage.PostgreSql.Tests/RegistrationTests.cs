using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SocialCare.Storage.PostgreSql.Tests;

/// <summary>UsePostgreSql: what it registers, what it leaves to the host, and what stops the host at start-up.</summary>
public sealed class RegistrationTests
{
    private const string SomeServer = "Host=127.0.0.1;Username=socialcare;Password=socialcare;Database=socialcare";

    /// <summary>The store and the directory replace the in-memory defaults and share one database (one connection pool).</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task RegistersTheStoreAndTheDirectoryOverOneDatabase()
    {
        var services = new ServiceCollection();
        services.AddSocialCare().UsePostgreSql(SomeServer, o => o.Schema = "tenant_a");
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var store = Assert.IsType<PostgreSqlTicketStore>(provider.GetRequiredService<ITicketStore>());
        Assert.IsType<PostgreSqlCustomerDirectory>(provider.GetRequiredService<ICustomerDirectory>());
        Assert.Same(provider.GetRequiredService<PostgreSqlDatabase>(), store.Database);
        Assert.Equal("tenant_a", store.Database.Schema);
        Assert.Single(provider.GetServices<IHostedService>().OfType<PostgreSqlMigrationService>());

        // The migration runs before SocialCare's own background work.
        Assert.IsType<PostgreSqlMigrationService>(provider.GetServices<IHostedService>().First());
    }

    /// <summary>Calling it twice registers one store; both configurations apply in order.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task CallingItTwiceRegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddSocialCare().UsePostgreSql(SomeServer, o => o.Schema = "first").UsePostgreSql(SomeServer, o => o.MaxRetries = 7);
        await using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(PostgreSqlDatabase));
        Assert.Single(provider.GetServices<IHostedService>().OfType<PostgreSqlMigrationService>());
        var options = provider.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value;
        Assert.Equal(("first", 7), (options.Schema, options.MaxRetries));
    }

    /// <summary>A customer directory of the host's own (its CRM) wins, whether registered before or after.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task TheHostsOwnCustomerDirectoryWins()
    {
        var before = new ServiceCollection();
        before.AddSocialCare().AddCustomerDirectory<CrmDirectory>().UsePostgreSql(SomeServer);
        await using (var provider = before.BuildServiceProvider())
        {
            Assert.IsType<CrmDirectory>(provider.GetRequiredService<ICustomerDirectory>());
            Assert.IsType<PostgreSqlTicketStore>(provider.GetRequiredService<ITicketStore>());
        }

        var after = new ServiceCollection();
        after.AddSocialCare().UsePostgreSql(SomeServer).AddCustomerDirectory<CrmDirectory>();
        await using (var provider = after.BuildServiceProvider())
        {
            Assert.IsType<CrmDirectory>(provider.GetRequiredService<ICustomerDirectory>());
        }

        var instance = new ServiceCollection();
        instance.AddSingleton<ICustomerDirectory>(new CrmDirectory());
        instance.AddSocialCare().UsePostgreSql(SomeServer);
        await using (var provider = instance.BuildServiceProvider())
        {
            Assert.IsType<CrmDirectory>(provider.GetRequiredService<ICustomerDirectory>());
        }
    }

    /// <summary>A provider disposed synchronously (as many hosts and benchmarks do) closes the store without throwing.</summary>
    [SkippableFact]
    public void AProviderDisposedSynchronouslyClosesTheStore()
    {
        var services = new ServiceCollection();
        services.AddSocialCare().UsePostgreSql(SomeServer);
        var provider = services.BuildServiceProvider();
        var store = (PostgreSqlTicketStore)provider.GetRequiredService<ITicketStore>();
        provider.GetRequiredService<ICustomerDirectory>();

        provider.Dispose();

        Assert.True(store.Database.IsDisposed);
    }

    /// <summary>Starting the host creates the schema, before anything uses the store.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task StartingTheHostMigratesTheSchema()
    {
        await using var database = TestDatabase.Create();
        using var host = Host(database.ConnectionString, o => o.Schema = database.Schema);

        await host.StartAsync();
        try
        {
            Assert.Equal((long)Migrations.Latest, await database.ScalarAsync("SELECT count(*) FROM {s}.schema_version"));
            Assert.Null(await host.Services.GetRequiredService<ITicketStore>().GetAsync(new TicketId("t1"), CancellationToken.None));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Bad options stop the host at start-up, with messages that name each option by its configuration path.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task BadOptionsStopTheHostNamingTheOption()
    {
        using var host = Host("Host=127.0.0.1;Password=hunter2;Bogus Keyword=1", o =>
        {
            o.Schema = "Not-A-Schema";
            o.MaxRetries = -1;
            o.MaxBatchSize = 0;
            o.RetryDelay = TimeSpan.FromMinutes(1);
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("SocialCare:Storage:PostgreSql:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:Storage:PostgreSql:Schema", error.Message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:Storage:PostgreSql:MaxRetries", error.Message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:Storage:PostgreSql:MaxBatchSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:Storage:PostgreSql:RetryDelay", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);

        using var empty = Host(string.Empty);
        var missing = await Assert.ThrowsAsync<OptionsValidationException>(() => empty.StartAsync());
        Assert.Contains("SocialCare:Storage:PostgreSql:ConnectionString", missing.Message, StringComparison.Ordinal);
    }

    /// <summary>A schema newer than the package stops the host, naming the option to change.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task ANewerSchemaStopsTheHostNamingTheOption()
    {
        await using var database = TestDatabase.Create();
        await database.Store().GetAsync(new TicketId("t1"), CancellationToken.None);
        await database.ScalarAsync("INSERT INTO {s}.schema_version (version, description) VALUES (99, 'from the future')");
        using var host = Host(database.ConnectionString, o => o.Schema = database.Schema);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("SocialCare:Storage:PostgreSql:Schema", error.Message, StringComparison.Ordinal);
        Assert.Contains("version 99", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A server that cannot be reached stops the host, naming the connection string option (never its password).</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task AnUnreachableServerStopsTheHostNamingTheConnectionString()
    {
        using var host = Host("Host=127.0.0.1;Port=1;Username=app;Password=hunter2;Database=socialcare", o => o.MaxRetries = 0);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("SocialCare:Storage:PostgreSql:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    private static IHost Host(string connectionString, Action<PostgreSqlStoreOptions>? configure = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSocialCare().UsePostgreSql(connectionString, o =>
        {
            o.RetryDelay = TimeSpan.FromMilliseconds(1);
            configure?.Invoke(o);
        });
        return builder.Build();
    }

    private sealed class CrmDirectory : ICustomerDirectory
    {
        public ValueTask<Customer> ResolveAsync(Participant participant, CancellationToken cancellationToken)
            => ValueTask.FromResult(new Customer(new CustomerId("crm-" + participant.UserKey), [participant]));

        public ValueTask<Customer?> FindAsync(Participant identity, CancellationToken cancellationToken) => ValueTask.FromResult<Customer?>(null);

        public ValueTask<Customer?> GetAsync(CustomerId id, CancellationToken cancellationToken) => ValueTask.FromResult<Customer?>(null);

        public ValueTask<Customer> LinkAsync(CustomerId id, Participant identity, CancellationToken cancellationToken)
            => ValueTask.FromResult(new Customer(id, [identity]));

        public ValueTask<Customer> UnlinkAsync(CustomerId id, Participant identity, CancellationToken cancellationToken)
            => ValueTask.FromResult(new Customer(id, []));

        public ValueTask<Customer> UpdateAsync(Customer customer, CancellationToken cancellationToken) => ValueTask.FromResult(customer);
    }
}
