using Microsoft.Extensions.Options;

namespace SocialCare.Core;

/// <summary>Checks <see cref="SocialCareOptions"/>' ranges; generated at compile time, so no reflection.</summary>
[OptionsValidator]
internal sealed partial class SocialCareOptionsValidator : IValidateOptions<SocialCareOptions>;
