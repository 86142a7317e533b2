using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Storage.PostgreSql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL store on a SocialCare builder.</summary>
public static class PostgreSqlSocialCareBuilderExtensions
{
    /// <summary>
    /// Keeps tickets, messages, history, idempotency records, the outbox and SLA timers in PostgreSQL (a
    /// <see cref="PostgreSqlTicketStore"/>), and customers too (a <see cref="PostgreSqlCustomerDirectory"/>) unless the
    /// host registered its own customer directory: every app instance that uses the same database and schema then shares
    /// the work without duplicating it.
    /// </summary>
    /// <param name="builder">The SocialCare builder.</param>
    /// <param name="connectionString">The Npgsql connection string (<c>Host=…;Username=…;Password=…;Database=…</c>).</param>
    /// <param name="configure">Sets the other options (schema, retries, group commit); optional. Bind them from <c>SocialCare:Storage:PostgreSql</c>, or set them in code.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="connectionString"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// <para>
    /// The options are validated when the host starts, and the schema is then created or migrated (by one instance at a
    /// time: an advisory lock orders them); a bad option, a schema newer than this package, or a database that cannot be
    /// reached stops the host with a message naming the option to check (<c>SocialCare:Storage:PostgreSql:…</c>).
    /// Without a host, the store migrates on its first use.
    /// </para>
    /// <para>
    /// The customer directory is replaced only while it is SocialCare's in-memory default: a directory the host
    /// registers (before or after this call) wins. Calling it twice registers the store once; both
    /// <paramref name="configure"/> actions apply, in order, and the last connection string wins.
    /// </para>
    /// </remarks>
    public static ISocialCareBuilder UsePostgreSql(this ISocialCareBuilder builder, string connectionString, Action<PostgreSqlStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connectionString);
        var services = builder.Services;
        var options = services.AddOptions<PostgreSqlStoreOptions>().Configure(o => o.ConnectionString = connectionString).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlStoreOptions>, PostgreSqlStoreOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        if (services.Any(d => d.ServiceType == typeof(PostgreSqlDatabase)))
        {
            return builder;
        }

        services.AddSingleton(static sp => new PostgreSqlDatabase(
            sp.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value,
            sp.GetService<ILoggerFactory>()));
        services.Replace(ServiceDescriptor.Singleton<ITicketStore>(static sp => new PostgreSqlTicketStore(sp.GetRequiredService<PostgreSqlDatabase>(), ownsDatabase: false)));

        var directory = services.LastOrDefault(d => d.ServiceType == typeof(ICustomerDirectory));
        if (directory is null || (!directory.IsKeyedService && directory.ImplementationType == typeof(InMemoryCustomerDirectory)))
        {
            services.Replace(ServiceDescriptor.Singleton<ICustomerDirectory>(static sp => new PostgreSqlCustomerDirectory(
                sp.GetRequiredService<PostgreSqlDatabase>(),
                ownsDatabase: false,
                sp.GetRequiredService<TimeProvider>())));
        }

        // Before SocialCare's own background work, so that the scheduler never meets an unmigrated schema.
        var migration = ServiceDescriptor.Singleton<IHostedService, PostgreSqlMigrationService>();
        var firstHosted = -1;
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i].ServiceType == typeof(IHostedService))
            {
                firstHosted = i;
                break;
            }
        }

        if (firstHosted < 0)
        {
            services.Add(migration);
        }
        else
        {
            services.Insert(firstHosted, migration);
        }

        return builder;
    }
}
