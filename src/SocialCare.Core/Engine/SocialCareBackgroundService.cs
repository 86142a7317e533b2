using Microsoft.Extensions.Hosting;

namespace SocialCare.Core;

/// <summary>Runs the <see cref="TicketScheduler"/> loop for as long as the host runs.</summary>
internal sealed class SocialCareBackgroundService(TicketScheduler scheduler) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => scheduler.RunAsync(stoppingToken);
}
