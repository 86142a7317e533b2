using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Channels.WhatsApp;

/// <summary>Checks <see cref="WhatsAppOptions"/> at start-up; each failure names the option by its configuration path.</summary>
internal sealed partial class WhatsAppOptionsValidator : IValidateOptions<WhatsAppOptions>
{
    private const string Section = WhatsAppDefaults.ConfigurationSection;

    public ValidateOptionsResult Validate(string? name, WhatsAppOptions options)
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

        if (options.GraphApiBaseUrl is not { IsAbsoluteUri: true } baseUrl || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            result.AddError("must be an absolute http or https address.", $"{Section}:GraphApiBaseUrl");
        }

        if (options.GraphApiVersion is null || !VersionPattern().IsMatch(options.GraphApiVersion))
        {
            result.AddError("must look like v25.0.", $"{Section}:GraphApiVersion");
        }

        if (string.IsNullOrWhiteSpace(options.ListButtonText) || options.ListButtonText.Length > WhatsAppDefaults.MaxListButtonTextLength)
        {
            result.AddError($"must be 1 to {WhatsAppDefaults.MaxListButtonTextLength} characters.", $"{Section}:ListButtonText");
        }

        if (options.MaxMediaSize <= 0)
        {
            result.AddError("must be a positive number of bytes.", $"{Section}:MaxMediaSize");
        }

        if (options.RecipientBurst is < 1 or > 1000)
        {
            result.AddError("must be between 1 and 1000.", $"{Section}:RecipientBurst");
        }

        if (options.RecipientInterval < TimeSpan.Zero || options.RecipientInterval > TimeSpan.FromHours(1))
        {
            result.AddError("must be between 00:00:00 and 01:00:00.", $"{Section}:RecipientInterval");
        }

        if (options.MaxThrottleWait < TimeSpan.Zero || options.MaxThrottleWait > TimeSpan.FromMinutes(1))
        {
            result.AddError("must be between 00:00:00 and 00:01:00.", $"{Section}:MaxThrottleWait");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.PhoneNumbers.Count; i++)
        {
            var number = options.PhoneNumbers[i];
            var path = $"{Section}:PhoneNumbers:{i}";
            if (number is null)
            {
                result.AddError("must not be empty.", path);
                continue;
            }

            if (string.IsNullOrEmpty(number.PhoneNumberId) || number.PhoneNumberId.Length > 32 || !number.PhoneNumberId.All(char.IsAsciiDigit))
            {
                result.AddError("must be the numeric phone number id (not the phone number).", $"{path}:PhoneNumberId");
            }
            else if (!seen.Add(number.PhoneNumberId))
            {
                result.AddError("is configured twice.", $"{path}:PhoneNumberId");
            }

            if (string.IsNullOrWhiteSpace(number.AccessToken) && string.IsNullOrWhiteSpace(options.AccessToken))
            {
                result.AddError($"is required (or set {Section}:AccessToken): Cloud API calls for the number need a token.", $"{path}:AccessToken");
            }

            if (number.ThroughputPerSecond is < 1 or > 10_000)
            {
                result.AddError("must be between 1 and 10000.", $"{path}:ThroughputPerSecond");
            }

            CheckTemplates(result, number.Templates, $"{path}:Templates");
        }

        CheckTemplates(result, options.Templates, $"{Section}:Templates");
        foreach (var problem in options.Resilience.Validate($"{Section}:Resilience"))
        {
            result.AddError(problem);
        }

        return result.Build();
    }

    private static void CheckTemplates(ValidateOptionsResultBuilder result, IList<TemplateDefinition> templates, string path)
    {
        for (var i = 0; i < templates.Count; i++)
        {
            var template = templates[i];
            if (template is null || string.IsNullOrWhiteSpace(template.Name) || string.IsNullOrWhiteSpace(template.Language))
            {
                result.AddError("needs a name and a language.", $"{path}:{i}");
                continue;
            }

            if (template.BodyParameters < 0 || template.HeaderParameters is < 0 or > 1)
            {
                result.AddError("has a negative parameter count, or more than one header parameter.", $"{path}:{i}");
            }
        }
    }

    [GeneratedRegex(@"^v\d{1,3}\.\d{1,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
