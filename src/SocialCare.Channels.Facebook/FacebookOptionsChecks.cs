using Microsoft.Extensions.Options;

namespace SocialCare.Channels.Facebook;

/// <summary>Checks the rules of <see cref="FacebookOptions"/> that attributes cannot express; each failure names the option.</summary>
internal sealed class FacebookOptionsChecks : IValidateOptions<FacebookOptions>
{
    private const string Section = FacebookDefaults.ConfigurationSection;

    public ValidateOptionsResult Validate(string? name, FacebookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        if (string.IsNullOrWhiteSpace(options.AppSecret))
        {
            result.AddError("is required: webhook signatures cannot be checked without the Meta app secret.", $"{Section}:AppSecret");
        }

        if (string.IsNullOrWhiteSpace(options.VerifyToken))
        {
            result.AddError("is required: the webhook set-up handshake compares it.", $"{Section}:VerifyToken");
        }

        if (options.AppId is { } appId && (appId.Length is 0 or > 32 || !appId.All(char.IsAsciiDigit)))
        {
            result.AddError("must be the numeric Meta app id.", $"{Section}:AppId");
        }

        if (options.GraphApiBaseUrl is not { IsAbsoluteUri: true } baseUrl || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            result.AddError("must be an absolute http or https address.", $"{Section}:GraphApiBaseUrl");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Pages.Count; i++)
        {
            var page = options.Pages[i];
            if (page is null)
            {
                result.AddError("must not be empty.", $"{Section}:Pages:{i}");
                continue;
            }

            if (!string.IsNullOrEmpty(page.PageId) && !seen.Add(page.PageId))
            {
                result.AddError("is configured twice.", $"{Section}:Pages:{i}:PageId");
            }

            if (string.IsNullOrWhiteSpace(page.AccessToken))
            {
                result.AddError("is required: Graph calls for the Page need its access token.", $"{Section}:Pages:{i}:AccessToken");
            }
        }

        foreach (var problem in options.Resilience.Validate($"{Section}:Resilience"))
        {
            result.AddError(problem);
        }

        return result.Build();
    }
}
