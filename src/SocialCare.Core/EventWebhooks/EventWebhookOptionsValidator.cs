using System.Buffers;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>Checks <see cref="EventWebhookOptions"/>; each failure names the option as configuration spells it.</summary>
internal sealed class EventWebhookOptionsValidator : IValidateOptions<EventWebhookOptions>
{
    private const string Section = EventWebhookOptions.ConfigurationSection;
    private static readonly SearchValues<char> NameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    public ValidateOptionsResult Validate(string? name, EventWebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        Positive(result, options.RetryFor, "RetryFor");
        Positive(result, options.FirstRetryDelay, "FirstRetryDelay");
        Positive(result, options.RequestTimeout, "RequestTimeout");
        Positive(result, options.PollInterval, "PollInterval");
        if (options.MaxRetryDelay < options.FirstRetryDelay)
        {
            result.AddError("must be at least FirstRetryDelay.", $"{Section}:MaxRetryDelay");
        }

        if (options.ClaimLease <= options.RequestTimeout)
        {
            result.AddError("must be longer than RequestTimeout, or a slow endpoint's delivery would be claimed twice.", $"{Section}:ClaimLease");
        }

        if (options.BatchSize is < 1 or > 1000)
        {
            result.AddError("must be between 1 and 1000.", $"{Section}:BatchSize");
        }

        HashSet<string> names = new(StringComparer.Ordinal);
        for (var i = 0; i < options.Endpoints.Count; i++)
        {
            var key = $"{Section}:Endpoints:{i}";
            var endpoint = options.Endpoints[i];
            if (endpoint is null)
            {
                result.AddError("is missing.", key);
                continue;
            }

            if (string.IsNullOrEmpty(endpoint.Name) || endpoint.Name.Length > 100 || endpoint.Name.AsSpan().ContainsAnyExcept(NameChars))
            {
                result.AddError("must be 1 to 100 letters, digits, '.', '_' or '-'.", $"{key}:Name");
            }
            else if (!names.Add(endpoint.Name))
            {
                result.AddError($"'{endpoint.Name}' names another endpoint too.", $"{key}:Name");
            }

            if (endpoint.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                result.AddError("must be an absolute https (or http) URL.", $"{key}:Url");
            }

            if (endpoint.Secrets.Count == 0)
            {
                result.AddError($"must hold at least one secret ('{EventWebhookSigner.SecretPrefix}' followed by base64 of 24 to 64 bytes).", $"{key}:Secrets");
            }

            for (var s = 0; s < endpoint.Secrets.Count; s++)
            {
                if (!EventWebhookSigner.IsValidSecret(endpoint.Secrets[s]))
                {
                    // Never the secret itself: configuration errors end up in logs.
                    result.AddError($"is not a valid secret: it must be '{EventWebhookSigner.SecretPrefix}' followed by base64 of 24 to 64 bytes.", $"{key}:Secrets:{s}");
                }
            }

            for (var e = 0; e < endpoint.Events.Count; e++)
            {
                if (endpoint.Events[e] != "*" && !EventWebhookTypes.All.Contains(endpoint.Events[e]))
                {
                    result.AddError($"'{endpoint.Events[e]}' is not an event type; use one of {string.Join(", ", EventWebhookTypes.All)}, or '*'.", $"{key}:Events:{e}");
                }
            }
        }

        return result.Build();
    }

    private static void Positive(ValidateOptionsResultBuilder result, TimeSpan value, string option)
    {
        if (value <= TimeSpan.Zero)
        {
            result.AddError("must be positive.", $"{Section}:{option}");
        }
    }
}
