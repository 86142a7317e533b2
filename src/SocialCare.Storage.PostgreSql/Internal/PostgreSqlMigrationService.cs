using Microsoft.Extensions.Hosting;

namespace SocialCare.Storage.PostgreSql;

/// <summary>
/// Migrates the schema when the host starts, before SocialCare's background work, so that a schema newer than this
/// package (or an unreachable database) stops the host with a message naming the option to check.
/// </summary>
internal sealed class PostgreSqlMigrationService(PostgreSqlDatabase database) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await database.EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or InvalidOperationException))
        {
            // (A schema that is too new already says which option to change.)
            throw new InvalidOperationException(
                $"SocialCare could not prepare PostgreSQL schema '{database.Schema}' on {database.Server}: check "
                + $"{PostgreSqlConstants.ConfigurationSection}:ConnectionString (server, database, user and password) and "
                + $"{PostgreSqlConstants.ConfigurationSection}:Schema. {ex.Message}",
                ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
