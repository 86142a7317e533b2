using System.Diagnostics;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>The activity source for SocialCare's traces.</summary>
internal static class SocialCareActivity
{
    public static readonly ActivitySource Source = new(SocialCareDiagnostics.ActivitySourceName);
}
