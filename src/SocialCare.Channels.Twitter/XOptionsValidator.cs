using Microsoft.Extensions.Options;

namespace SocialCare.Channels.Twitter;

/// <summary>Checks <see cref="XOptions"/> at start-up; each failure names the option by its configuration path.</summary>
internal sealed class XOptionsValidator : IValidateOptions<XOptions>
{
    private const string Section = XDefaults.ConfigurationSection;

    public ValidateOptionsResult Validate(string? name, XOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        if (string.IsNullOrWhiteSpace(options.ConsumerSecret))
        {
            result.AddError("is required: the CRC answer and the webhook signatures are computed with the app's consumer secret.", $"{Section}:ConsumerSecret");
        }

        if (options.ApiBaseUrl is not { IsAbsoluteUri: true } baseUrl || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            result.AddError("must be an absolute http or https address.", $"{Section}:ApiBaseUrl");
        }

        if (options.AppId is { Length: > 0 } appId && !IsNumericId(appId))
        {
            result.AddError("must be the app's numeric id.", $"{Section}:AppId");
        }

        if (options.MaxMediaSize <= 0)
        {
            result.AddError("must be a positive number of bytes.", $"{Section}:MaxMediaSize");
        }

        if (options.Accounts.Count == 0)
        {
            result.AddError("must list at least one X account (its numeric user id and user-context tokens).", $"{Section}:Accounts");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Accounts.Count; i++)
        {
            CheckAccount(result, options, options.Accounts[i], $"{Section}:Accounts:{i}", seen);
        }

        CheckResilience(result, options.Resilience, $"{Section}:Resilience");
        CheckListening(result, options, seen);
        return result.Build();
    }

    private static void CheckAccount(ValidateOptionsResultBuilder result, XOptions options, XAccountOptions? account, string path, HashSet<string> seen)
    {
        if (account is null)
        {
            result.AddError("must not be empty.", path);
            return;
        }

        if (!IsNumericId(account.UserId))
        {
            result.AddError("must be the account's numeric user id (not its @handle).", $"{path}:UserId");
        }
        else if (!seen.Add(account.UserId))
        {
            result.AddError("is configured twice.", $"{path}:UserId");
        }

        var hasToken = !string.IsNullOrWhiteSpace(account.AccessToken);
        var hasSecret = !string.IsNullOrWhiteSpace(account.AccessTokenSecret);
        var oauth2 = !string.IsNullOrWhiteSpace(account.OAuth2AccessToken) || !string.IsNullOrWhiteSpace(account.OAuth2RefreshToken);
        if (hasToken != hasSecret)
        {
            result.AddError("and AccessTokenSecret go together: OAuth 1.0a signs with both.", $"{path}:AccessToken");
        }
        else if (!hasToken && !oauth2)
        {
            result.AddError("needs user-context credentials: AccessToken and AccessTokenSecret (OAuth 1.0a), or OAuth2AccessToken / OAuth2RefreshToken (OAuth 2.0). App-only tokens cannot send.", path);
        }

        if (hasToken && string.IsNullOrWhiteSpace(options.ConsumerKey))
        {
            result.AddError("is required when an account signs with OAuth 1.0a tokens.", $"{Section}:ConsumerKey");
        }

        if (!string.IsNullOrWhiteSpace(account.OAuth2RefreshToken) && string.IsNullOrWhiteSpace(options.OAuth2ClientId))
        {
            result.AddError("is required to renew OAuth 2.0 tokens with a refresh token.", $"{Section}:OAuth2ClientId");
        }
    }

    private static void CheckResilience(ValidateOptionsResultBuilder result, XResilienceOptions resilience, string path)
    {
        Within(result, resilience.TotalTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), $"{path}:TotalTimeout");
        Within(result, resilience.AttemptTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), $"{path}:AttemptTimeout");
        Within(result, resilience.RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1), $"{path}:RetryBaseDelay");
        Within(result, resilience.MaxRateLimitWait, TimeSpan.Zero, TimeSpan.FromMinutes(15), $"{path}:MaxRateLimitWait");
        Within(result, resilience.BreakerSamplingDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1), $"{path}:BreakerSamplingDuration");
        Within(result, resilience.BreakerBreakDuration, TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1), $"{path}:BreakerBreakDuration");
        if (resilience.MaxRetryAttempts is < 0 or > 10)
        {
            result.AddError("must be between 0 and 10.", $"{path}:MaxRetryAttempts");
        }

        if (resilience.BreakerFailureRatio is < 0.01 or > 1.0 || double.IsNaN(resilience.BreakerFailureRatio))
        {
            result.AddError("must be between 0.01 and 1.", $"{path}:BreakerFailureRatio");
        }

        if (resilience.BreakerMinimumThroughput is < 2 or > 10_000)
        {
            result.AddError("must be between 2 and 10000.", $"{path}:BreakerMinimumThroughput");
        }

        if (resilience.AttemptTimeout > resilience.TotalTimeout)
        {
            result.AddError("must not be longer than TotalTimeout.", $"{path}:AttemptTimeout");
        }
    }

    private static void CheckListening(ValidateOptionsResultBuilder result, XOptions options, HashSet<string> accounts)
    {
        const string path = $"{Section}:Listening";
        var listening = options.Listening;
        var tags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < listening.Rules.Count; i++)
        {
            var rule = listening.Rules[i];
            if (rule is null || string.IsNullOrWhiteSpace(rule.Tag))
            {
                result.AddError("needs a tag (the rule's name).", $"{path}:Rules:{i}:Tag");
                continue;
            }

            if (!tags.Add(rule.Tag))
            {
                result.AddError("is used by two rules.", $"{path}:Rules:{i}:Tag");
            }

            if (string.IsNullOrWhiteSpace(rule.Query) || rule.Query.Length > 512)
            {
                result.AddError("must be an X search query of 1 to 512 characters.", $"{path}:Rules:{i}:Query");
            }
        }

        if (listening.Account is { Length: > 0 } account && !accounts.Contains(account))
        {
            result.AddError("must be the user id of one of the configured accounts.", $"{path}:Account");
        }

        Within(result, listening.PollInterval, TimeSpan.FromSeconds(5), TimeSpan.FromDays(1), $"{path}:PollInterval");
        if (listening.MaxBackoff < listening.PollInterval || listening.MaxBackoff > TimeSpan.FromDays(1))
        {
            result.AddError("must be between PollInterval and 1.00:00:00.", $"{path}:MaxBackoff");
        }

        if (listening.MaxResults is < 10 or > 100)
        {
            result.AddError("must be between 10 and 100.", $"{path}:MaxResults");
        }

        if (listening.Poll && listening.Rules.Count > 0 && string.IsNullOrWhiteSpace(options.BearerToken))
        {
            result.AddError($"is required to poll recent search for the listening rules (or set {path}:Poll to false).", $"{Section}:BearerToken");
        }
    }

    private static void Within(ValidateOptionsResultBuilder result, TimeSpan value, TimeSpan min, TimeSpan max, string path)
    {
        if (value < min || value > max)
        {
            result.AddError($"must be between {min:c} and {max:c}.", path);
        }
    }

    private static bool IsNumericId(string? value) => value is { Length: > 0 and <= 20 } && value.All(char.IsAsciiDigit);
}
