using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SocialCare.Core;

/// <summary>Runs the <see cref="TicketScheduler"/> loop for as long as the host runs.</summary>
/// <remarks>
/// Resolves the scheduler only when the host has started, after options validation: building it earlier would build the
/// channel adapters, and an invalid option would then surface as a construction failure instead of the clear
/// validation message.
/// </remarks>
internal sealed class SocialCareBackgroundService(IServiceProvider services) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => services.GetRequiredService<TicketScheduler>().RunAsync(stoppingToken);
}
