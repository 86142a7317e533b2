using Microsoft.Extensions.Options;

namespace SocialCare.Samples.Console.Webchat;

/// <summary>Checks <see cref="WebchatOptions"/>' attributes; generated at compile time, so no reflection.</summary>
[OptionsValidator]
internal sealed partial class WebchatOptionsValidator : IValidateOptions<WebchatOptions>;
