using SocialCare.LoadTest.Corpus;

namespace SocialCare.LoadTest.Replay;

/// <summary>Where a replay sends its webhooks: the pipeline in process, or an inbox over HTTP.</summary>
internal interface IReplayTarget
{
    /// <summary>Gets what the target is, for the report.</summary>
    string Description { get; }

    /// <summary>Delivers one webhook and returns the HTTP status it was answered with.</summary>
    /// <param name="webhook">The webhook.</param>
    /// <param name="cancellationToken">A token to cancel the delivery.</param>
    /// <returns>The status code.</returns>
    Task<int> SendAsync(CorpusWebhook webhook, CancellationToken cancellationToken);
}
