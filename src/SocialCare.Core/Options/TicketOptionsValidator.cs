using Microsoft.Extensions.Options;

namespace SocialCare.Core;

/// <summary>Checks the cross-field rules of <see cref="SocialCareOptions"/> that attributes cannot express; each failure names the option.</summary>
internal sealed class TicketOptionsValidator : IValidateOptions<SocialCareOptions>
{
    public ValidateOptionsResult Validate(string? name, SocialCareOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        CheckLifecycle(result, "SocialCare:Lifecycle", options.Lifecycle);
        foreach (var (channel, lifecycle) in options.ChannelLifecycle)
        {
            CheckLifecycle(result, $"SocialCare:ChannelLifecycle:{channel}", lifecycle);
        }

        if (options.SchedulerInterval <= TimeSpan.Zero)
        {
            result.AddError("must be positive.", "SocialCare:SchedulerInterval");
        }

        var assignment = options.Assignment;
        if (assignment.StickyWithin < TimeSpan.Zero)
        {
            result.AddError("must not be negative.", "SocialCare:Assignment:StickyWithin");
        }

        if (assignment.LoadStates.Count == 0)
        {
            result.AddError("must list at least one state.", "SocialCare:Assignment:LoadStates");
        }

        var outbox = options.Outbox;
        if (outbox.MaxAttempts is < 1 or > 20)
        {
            result.AddError("must be between 1 and 20.", "SocialCare:Outbox:MaxAttempts");
        }

        if (outbox.RetryDelay < TimeSpan.Zero)
        {
            result.AddError("must not be negative.", "SocialCare:Outbox:RetryDelay");
        }

        if (outbox.ClaimLease <= TimeSpan.Zero)
        {
            result.AddError("must be positive.", "SocialCare:Outbox:ClaimLease");
        }

        if (outbox.BatchSize is < 1 or > 1000)
        {
            result.AddError("must be between 1 and 1000.", "SocialCare:Outbox:BatchSize");
        }

        CheckSla(result, options.Sla);
        return result.Build();
    }

    private static void CheckLifecycle(ValidateOptionsResultBuilder result, string path, TicketLifecycleOptions lifecycle)
    {
        if (lifecycle is null)
        {
            result.AddError("must not be null.", path);
            return;
        }

        if (lifecycle.ReopenResolvedWithin < TimeSpan.Zero)
        {
            result.AddError("must not be negative.", $"{path}:ReopenResolvedWithin");
        }

        if (lifecycle.CloseResolvedAfter is { } close && close <= TimeSpan.Zero)
        {
            result.AddError("must be positive, or null to keep resolved tickets open to replies.", $"{path}:CloseResolvedAfter");
        }

        if (lifecycle.ResolvePendingAfter is { } resolve && resolve <= TimeSpan.Zero)
        {
            result.AddError("must be positive, or null to switch it off.", $"{path}:ResolvePendingAfter");
        }
    }

    private static void CheckSla(ValidateOptionsResultBuilder result, SlaOptions sla)
    {
        if (!(sla.WarningShare is > 0 and < 1))
        {
            result.AddError("must be greater than 0 and less than 1.", "SocialCare:Sla:WarningShare");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < sla.Policies.Count; i++)
        {
            var path = $"SocialCare:Sla:Policies[{i}]";
            var policy = sla.Policies[i];
            if (policy is null)
            {
                result.AddError("must not be null.", path);
                continue;
            }

            if (string.IsNullOrWhiteSpace(policy.Name))
            {
                result.AddError("is required.", $"{path}:Name");
            }
            else if (!names.Add(policy.Name))
            {
                result.AddError($"'{policy.Name}' is used by another policy.", $"{path}:Name");
            }

            if (policy.FirstResponse is null && policy.NextResponse is null && policy.Resolution is null)
            {
                result.AddError("needs at least one of FirstResponse, NextResponse and Resolution.", path);
            }

            foreach (var (label, target) in new[] { ("FirstResponse", policy.FirstResponse), ("NextResponse", policy.NextResponse), ("Resolution", policy.Resolution) })
            {
                if (target is { } value && value <= TimeSpan.Zero)
                {
                    result.AddError("must be positive.", $"{path}:{label}");
                }
            }

            if (policy.Calendar is { } calendar && !sla.Calendars.ContainsKey(calendar))
            {
                result.AddError($"names calendar '{calendar}', which is not in SocialCare:Sla:Calendars.", $"{path}:Calendar");
            }
        }
    }
}
