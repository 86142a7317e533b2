namespace SocialCare.Core;

/// <summary>The canned answers and FAQ entries agents and the auto-responder use.</summary>
public sealed class CannedAnswerOptions
{
}
