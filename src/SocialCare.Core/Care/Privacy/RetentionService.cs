using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace SocialCare.Core;

/// <summary>Applies <see cref="PrivacyOptions.RetainContentFor"/> at start and then every <see cref="PrivacyOptions.RetentionInterval"/>.</summary>
internal sealed class RetentionService(
    ICustomerPrivacy privacy,
    IOptions<SocialCareOptions> options,
    TimeProvider time,
    ILogger<RetentionService>? logger = null) : BackgroundService
{
    private readonly ILogger _logger = logger ?? NullLogger<RetentionService>.Instance;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var privacyOptions = options.Value.Privacy;
        if (privacyOptions.RetainContentFor is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(privacyOptions.RetentionInterval, time);
        do
        {
            try
            {
                await privacy.ApplyRetentionAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The next run tries again; nothing is lost by waiting.
                _logger.RetentionFailed(ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
