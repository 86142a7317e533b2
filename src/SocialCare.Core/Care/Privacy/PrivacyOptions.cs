namespace SocialCare.Core;

/// <summary>Privacy: how long message content is kept.</summary>
public sealed class PrivacyOptions
{
}
