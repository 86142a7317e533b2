using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>
/// Takes a webhook request for a channel through verification, de-duplication, identity and the ticket engine, and
/// says what to answer.
/// </summary>
/// <remarks>
/// <para>
/// Called by the web host (the ASP.NET Core package maps <c>/webhooks/{channel}</c> to it) or by tests; a singleton,
/// safe to call concurrently. The steps: a body over <see cref="SocialCareOptions.MaxRequestBodySize"/> gets 413; the
/// channel's adapter verifies the signature before any JSON is read (401/403) and parses (400 when malformed); each
/// event is skipped if already processed, its customer resolved, and handed to the <see cref="IInboundEventHandler"/>.
/// </para>
/// <para>
/// Events of one conversation are applied one at a time, in the order they arrive; different conversations proceed in
/// parallel. The answer is 200 only once every event of the request is committed or found to be a duplicate; when
/// processing fails the answer is 503, so the network delivers again and nothing acknowledged is lost.
/// </para>
/// </remarks>
public interface IWebhookPipeline
{
    /// <summary>Gets the channels that have an adapter.</summary>
    IReadOnlyCollection<ChannelId> Channels { get; }

    /// <summary>Processes one webhook request.</summary>
    /// <param name="channel">The channel the request was addressed to (the <c>{channel}</c> of the path).</param>
    /// <param name="request">The request, with its raw body.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What to answer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    Task<WebhookResponse> ProcessAsync(ChannelId channel, WebhookRequest request, CancellationToken cancellationToken);
}

/// <summary>What the pipeline answers to a webhook request, and what it did.</summary>
/// <param name="StatusCode">The HTTP status to answer with.</param>
public sealed record WebhookResponse(int StatusCode)
{
    /// <summary>Gets the body to answer with (a handshake's challenge), when any.</summary>
    public string? Body { get; init; }

    /// <summary>Gets the content type of <see cref="Body"/>, when there is a body.</summary>
    public string? ContentType { get; init; }

    /// <summary>Gets what the adapter made of the request.</summary>
    public WebhookOutcome Outcome { get; init; }

    /// <summary>Gets why the request was refused, when it was.</summary>
    public WebhookRejection Rejection { get; init; }

    /// <summary>Gets a short explanation, free of secrets and personal data, when any.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets how many events of the request were applied.</summary>
    public int Applied { get; init; }

    /// <summary>Gets how many events of the request had already been processed, or needed no change.</summary>
    public int Skipped { get; init; }

    /// <summary>Gets how many events of the request failed (then <see cref="StatusCode"/> asks the network to retry).</summary>
    public int Failed { get; init; }
}
