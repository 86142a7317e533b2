using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite store on a SocialCare builder.</summary>
public static class SqliteSocialCareBuilderExtensions
{
    private static readonly Func<IServiceProvider, object> CreateDatabase = static sp => new SqliteDatabase(
        sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value,
        sp.GetService<ILoggerFactory>());

    private static readonly Func<IServiceProvider, object> CreateStore = static sp => new SqliteTicketStore(
        sp.GetRequiredService<SqliteDatabase>(),
        ownsDatabase: false);

    private static readonly Func<IServiceProvider, object> CreateDirectory = static sp => new SqliteCustomerDirectory(
        sp.GetRequiredService<SqliteDatabase>(),
        sp.GetRequiredService<TimeProvider>(),
        ownsDatabase: false);

    /// <summary>
    /// Keeps tickets, messages, history, idempotency records, the outbox, SLA timers and (unless the host has its own
    /// directory) customers in a SQLite file: <c>services.AddSocialCare().UseSqlite("Data Source=socialcare.db")</c>.
    /// </summary>
    /// <param name="builder">The SocialCare builder.</param>
    /// <param name="connectionString">
    /// The Microsoft.Data.Sqlite connection string naming the file (created when missing; its directory must exist).
    /// </param>
    /// <param name="configure">Changes the other options (group commit, durability, connection counts); optional.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="connectionString"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// <para>
    /// Replaces the <see cref="ITicketStore"/>. Replaces the <see cref="ICustomerDirectory"/> only while it is still
    /// SocialCare's default in-memory one: a host's own directory (its CRM) wins, whether it is registered before or after
    /// this call. The store and the directory share one database (one writer, one pool of readers).
    /// </para>
    /// <para>
    /// Options are validated when the host starts, and the file is opened and its schema created or migrated then, before
    /// the hosted services start: an invalid option, a file that cannot be opened, or a file written by a newer version
    /// stops the host with a message naming <c>SocialCare:Storage:Sqlite:…</c>. Without a host the file is opened on first
    /// use. The provider closes the file when it is disposed, after the queued writes commit.
    /// </para>
    /// </remarks>
    public static ISocialCareBuilder UseSqlite(this ISocialCareBuilder builder, string connectionString, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connectionString);
        var services = builder.Services;
        var options = services.AddOptions<SqliteStoreOptions>()
            .Configure(o => o.ConnectionString = connectionString)
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStoreOptions>, SqliteStoreOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAdd(ServiceDescriptor.Singleton(typeof(SqliteDatabase), CreateDatabase));
        services.Replace(ServiceDescriptor.Singleton(typeof(ITicketStore), CreateStore));

        var directory = services.LastOrDefault(d => d.ServiceType == typeof(ICustomerDirectory) && !d.IsKeyedService);
        if (directory is null
            || directory.ImplementationType == typeof(InMemoryCustomerDirectory)
            || directory.ImplementationFactory == CreateDirectory)
        {
            services.RemoveAll<ICustomerDirectory>();
            services.AddSingleton(typeof(ICustomerDirectory), CreateDirectory);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SqliteStartupService>());
        return builder;
    }
}
