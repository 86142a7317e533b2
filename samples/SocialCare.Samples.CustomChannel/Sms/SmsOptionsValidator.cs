using Microsoft.Extensions.Options;

namespace SocialCare.Samples.CustomChannel.Sms;

/// <summary>Checks <see cref="SmsOptions"/>' attributes; generated at compile time, so no reflection.</summary>
[OptionsValidator]
internal sealed partial class SmsOptionsValidator : IValidateOptions<SmsOptions>;
