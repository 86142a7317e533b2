using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocialCare.Abstractions;

namespace SocialCare.Storage.Sqlite;

/// <summary>
/// Opens the SQLite file and migrates its schema while the host starts (before any hosted service's <c>StartAsync</c>),
/// so that a file that cannot be opened, or is newer than the code, stops the host with a message naming the option.
/// </summary>
internal sealed class SqliteStartupService(IServiceProvider services) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        // Only when the SQLite store or directory is in use: a host may have replaced both after UseSqlite.
        if (services.GetService<ITicketStore>() is not SqliteTicketStore && services.GetService<ICustomerDirectory>() is not SqliteCustomerDirectory)
        {
            return;
        }

        var database = services.GetRequiredService<SqliteDatabase>();
        try
        {
            await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException exception)
        {
            throw new InvalidOperationException(
                $"{SqliteStoreOptions.ConfigurationSection}:ConnectionString names a SQLite database that cannot be opened or migrated: {exception.Message}",
                exception);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
