using System.Collections.Frozen;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;

namespace SocialCare.Channels.Facebook;

/// <summary>The outcome of one Graph API call: the id Graph returned, or the translated error.</summary>
/// <param name="Id">The id Graph returned (a Messenger <c>message_id</c>, a new comment's id), when it returned one.</param>
/// <param name="Error">The error, when the call failed or was refused.</param>
internal sealed record GraphResult(string? Id, ChannelError? Error)
{
    /// <summary>Gets the recipient's PSID a Send API call returned, when it returned one.</summary>
    public string? RecipientId { get; init; }

    /// <summary>Gets a value indicating whether Graph accepted the call.</summary>
    public bool Succeeded => Error is null;
}

/// <summary>
/// Calls the Graph API for the Facebook channel: the Messenger Send API and the comment edges (meta.md §5, §6.3, §9).
/// Every failure comes back as a <see cref="ChannelError"/> in the result; only the caller's cancellation throws.
/// </summary>
/// <remarks>
/// Thread-safe; one instance serves every Page. Takes a fresh client from the factory for each call (the named client
/// <see cref="FacebookDefaults.HttpClientName"/>, whose handler retries transient failures). The Page token travels in
/// the <c>Authorization</c> header, never in the address, and is never logged.
/// </remarks>
internal sealed class FacebookGraphClient
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly FacebookOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly FrozenDictionary<string, PageCredentials> _pages;

    /// <summary>Initializes a new instance of the <see cref="FacebookGraphClient"/> class.</summary>
    /// <param name="httpClientFactory">Creates the channel's named <c>HttpClient</c>.</param>
    /// <param name="options">The channel's settings: Graph address and version, Pages and their tokens, app secret.</param>
    /// <param name="logger">Logs each call's outcome.</param>
    /// <param name="timeProvider">The clock <c>Retry-After</c> dates are measured against; <see cref="TimeProvider.System"/> when omitted.</param>
    public FacebookGraphClient(IHttpClientFactory httpClientFactory, FacebookOptions options, ILogger logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _httpClientFactory = httpClientFactory;
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;

        // Options are fixed for the client's lifetime: look tokens up, and compute each appsecret_proof, once.
        var pages = new Dictionary<string, PageCredentials>(StringComparer.Ordinal);
        foreach (var page in options.Pages)
        {
            if (page is not null && !string.IsNullOrWhiteSpace(page.AccessToken) && !pages.ContainsKey(page.PageId))
            {
                pages[page.PageId] = new PageCredentials(page.AccessToken, options.UseAppSecretProof ? GraphAddress.AppSecretProof(options.AppSecret, page.AccessToken) : null);
            }
        }

        _pages = pages.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Sends a message or sender action: <c>POST /{version}/{page-id}/messages</c>.</summary>
    /// <param name="pageId">The Page that sends.</param>
    /// <param name="request">The body, from <see cref="FacebookRequests"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The <c>message_id</c> (absent for typing and seen actions) and <c>recipient_id</c>, or the error.</returns>
    public Task<GraphResult> SendAsync(string pageId, GraphSendRequest request, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pageId);
        ArgumentNullException.ThrowIfNull(request);
        var operation = request.SenderAction ?? (request.Recipient.IsPrivateReply ? "private_reply" : "send");
        return CallAsync(
            pageId,
            operation,
            HttpMethod.Post,
            Escape(pageId) + "/messages",
            Json(request, FacebookJsonContext.Default.GraphSendRequest),
            FacebookJsonContext.Default.GraphSendResponse,
            static answer => new GraphResult(answer?.MessageId, null) { RecipientId = answer?.RecipientId },
            cancellationToken);
    }

    /// <summary>Replies publicly to a comment: <c>POST /{version}/{comment-id}/comments</c>.</summary>
    /// <param name="pageId">The Page that replies (whose token is used).</param>
    /// <param name="commentId">The comment answered.</param>
    /// <param name="request">The body, from <see cref="FacebookRequests.TryBuildCommentReply"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new comment's id, or the error.</returns>
    public Task<GraphResult> ReplyToCommentAsync(string pageId, string commentId, GraphCommentRequest request, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(commentId);
        ArgumentNullException.ThrowIfNull(request);
        return CallAsync(
            pageId,
            "comment_reply",
            HttpMethod.Post,
            Escape(commentId) + "/comments",
            Json(request, FacebookJsonContext.Default.GraphCommentRequest),
            FacebookJsonContext.Default.GraphIdResponse,
            static answer => new GraphResult(answer?.Id, null),
            cancellationToken);
    }

    /// <summary>Hides or shows a comment: <c>POST /{version}/{comment-id}</c> with <c>is_hidden</c>.</summary>
    /// <param name="pageId">The Page that moderates (whose token is used).</param>
    /// <param name="commentId">The comment.</param>
    /// <param name="hidden">Whether to hide it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Success, or the error.</returns>
    public Task<GraphResult> SetCommentHiddenAsync(string pageId, string commentId, bool hidden, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(commentId);
        return CallAsync(
            pageId,
            hidden ? "hide_comment" : "unhide_comment",
            HttpMethod.Post,
            Escape(commentId),
            Json(new GraphHideCommentRequest(hidden), FacebookJsonContext.Default.GraphHideCommentRequest),
            FacebookJsonContext.Default.GraphSuccessResponse,
            SuccessResult,
            cancellationToken);
    }

    /// <summary>Deletes a comment: <c>DELETE /{version}/{comment-id}</c>.</summary>
    /// <param name="pageId">The Page that moderates (whose token is used).</param>
    /// <param name="commentId">The comment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Success, or the error.</returns>
    public Task<GraphResult> DeleteCommentAsync(string pageId, string commentId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(commentId);
        return CallAsync(
            pageId,
            "delete_comment",
            HttpMethod.Delete,
            Escape(commentId),
            content: null,
            FacebookJsonContext.Default.GraphSuccessResponse,
            SuccessResult,
            cancellationToken);
    }

    private static GraphResult SuccessResult(GraphSuccessResponse? answer) =>
        answer?.Success == false
            ? new GraphResult(null, new ChannelError("unsuccessful", "Graph API answered without applying the change.") { Kind = ChannelErrorKind.Unknown })
            : new GraphResult(null, null);

    private async Task<GraphResult> CallAsync<TAnswer>(
        string pageId,
        string operation,
        HttpMethod method,
        string path,
        HttpContent? content,
        JsonTypeInfo<TAnswer> answerType,
        Func<TAnswer?, GraphResult> toResult,
        CancellationToken cancellationToken)
        where TAnswer : class
    {
        using var body = content;
        if (!_pages.TryGetValue(pageId, out var page))
        {
            _logger.GraphUnknownPage(pageId, operation);
            return new GraphResult(null, new ChannelError("unknown_page", $"No access token is configured for Page {pageId}.") { Kind = ChannelErrorKind.Refused });
        }

        using var request = new HttpRequestMessage(method, BuildUri(path, page.Proof)) { Content = body };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", page.Token);
        var answer = await GraphTransport.SendAsync(_httpClientFactory.CreateClient(FacebookDefaults.HttpClientName), request, _timeProvider, cancellationToken)
            .ConfigureAwait(false);
        if (answer.Unanswered is { } reason)
        {
            _logger.GraphCallUnanswered(pageId, operation, reason, answer.Exception);
            return new GraphResult(null, answer.Error);
        }

        if (answer.Error is { } mapped)
        {
            _logger.GraphCallFailed(pageId, operation, answer.StatusCode, mapped.Code, mapped.Subcode, mapped.Kind, mapped.TraceId);
            return new GraphResult(null, mapped);
        }

        var read = TryRead(answer.Body, answerType);
        if (read is null && answer.Body.Length > 0)
        {
            _logger.GraphUnreadableAnswer(pageId, operation, answer.StatusCode);
        }

        var result = toResult(read);
        if (result.Error is { } refusedChange)
        {
            _logger.GraphCallFailed(pageId, operation, answer.StatusCode, refusedChange.Code, refusedChange.Subcode, refusedChange.Kind, refusedChange.TraceId);
            return result with { Error = refusedChange with { StatusCode = answer.StatusCode } };
        }

        _logger.GraphCallSucceeded(pageId, operation, answer.StatusCode);
        return result;
    }

    private Uri BuildUri(string path, string? proof) => GraphAddress.Build(_options.GraphApiBaseUrl, _options.GraphApiVersion, path, proof);

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    /// <summary>A Page's access token and, when the app requires it, the token's <c>appsecret_proof</c>.</summary>
    private sealed record PageCredentials(string Token, string? Proof);

    private static ByteArrayContent Json<T>(T value, JsonTypeInfo<T> type)
    {
        // Buffered bytes (not a stream) so that the resilience handler can send the same request again.
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static T? TryRead<T>(byte[] bytes, JsonTypeInfo<T> type)
        where T : class
    {
        if (bytes.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, type);
        }
        catch (JsonException)
        {
            // Proxies and outages answer with HTML or plain text; the HTTP status still classifies the failure.
            return null;
        }
    }
}
