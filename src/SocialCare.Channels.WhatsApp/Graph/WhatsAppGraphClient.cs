using System.Collections.Frozen;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;

namespace SocialCare.Channels.WhatsApp;

/// <summary>
/// Calls the WhatsApp Cloud API for the channel: <c>POST /{version}/{phone-number-id}/messages</c>, the media lookup
/// <c>GET /{version}/{media-id}</c>, and the download of a media address (meta.md §8). Every failure comes back as a
/// <see cref="ChannelError"/>; only the caller's cancellation throws.
/// </summary>
/// <remarks>
/// Thread-safe; one instance serves every phone number. The token travels in the <c>Authorization</c> header, never in
/// the address, and is never logged.
/// </remarks>
internal sealed class WhatsAppGraphClient
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly WhatsAppOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly FrozenDictionary<string, Credentials> _numbers;

    public WhatsAppGraphClient(IHttpClientFactory httpClientFactory, WhatsAppOptions options, ILogger logger, TimeProvider time)
    {
        _httpClientFactory = httpClientFactory;
        _options = options;
        _logger = logger;
        _time = time;
        var numbers = new Dictionary<string, Credentials>(StringComparer.Ordinal);
        foreach (var number in options.PhoneNumbers)
        {
            var token = string.IsNullOrWhiteSpace(number.AccessToken) ? options.AccessToken : number.AccessToken;
            if (!string.IsNullOrWhiteSpace(token))
            {
                numbers[number.PhoneNumberId] = new Credentials(token, options.UseAppSecretProof ? GraphAddress.AppSecretProof(options.AppSecret, token) : null);
            }
        }

        _numbers = numbers.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Tells whether a phone number id is configured (has a token).</summary>
    public bool Knows(string phoneNumberId) => _numbers.ContainsKey(phoneNumberId);

    /// <summary>Posts one message body; the result holds the wamid or the error.</summary>
    public async Task<(string? MessageId, ChannelError? Error)> PostMessageAsync(string phoneNumberId, byte[] body, string operation, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(phoneNumberId, operation, HttpMethod.Post, Uri.EscapeDataString(phoneNumberId) + "/messages", body, cancellationToken).ConfigureAwait(false);
        if (answer.Error is { } error)
        {
            return (null, error);
        }

        if (string.Equals(operation, Operations.MarkRead, StringComparison.Ordinal))
        {
            return (null, null);
        }

        if (!WhatsAppRequests.TryReadSendAnswer(answer.Body, out var id, out _) || string.IsNullOrEmpty(id))
        {
            _logger.GraphUnreadableAnswer(phoneNumberId, operation, answer.StatusCode);
            return (null, new ChannelError("no_message_id", "The Cloud API accepted the message but returned no id.") { StatusCode = answer.StatusCode });
        }

        return (id, null);
    }

    /// <summary>Looks a media id up: its short-lived address, type, size and hash.</summary>
    public async Task<(WhatsAppMediaInfo? Info, ChannelError? Error)> GetMediaInfoAsync(string phoneNumberId, string mediaId, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(phoneNumberId, Operations.MediaLookup, HttpMethod.Get, Uri.EscapeDataString(mediaId), null, cancellationToken).ConfigureAwait(false);
        if (answer.Error is { } error)
        {
            return (null, error);
        }

        if (!WhatsAppRequests.TryReadMediaInfo(answer.Body, out var info))
        {
            _logger.GraphUnreadableAnswer(phoneNumberId, Operations.MediaLookup, answer.StatusCode);
            return (null, new ChannelError("no_media_url", "The Cloud API answered the media lookup without an address.") { StatusCode = answer.StatusCode });
        }

        return (info, null);
    }

    /// <summary>
    /// Opens a media address with the number's token, answer headers only (the caller streams the body and disposes the
    /// response). A 404, 403 or 401 means the address expired (or never was ours): <c>Expired</c> is then set.
    /// </summary>
    public async Task<(HttpResponseMessage? Response, ChannelError? Error, bool Expired)> OpenMediaAsync(string phoneNumberId, Uri address, CancellationToken cancellationToken)
    {
        if (!_numbers.TryGetValue(phoneNumberId, out var credentials))
        {
            return (null, UnknownNumber(phoneNumberId, Operations.MediaDownload), false);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.Token);
        var client = _httpClientFactory.CreateClient(WhatsAppDefaults.HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            _logger.GraphCallUnanswered(phoneNumberId, Operations.MediaDownload, ex.GetType().Name, null);
            return (null, GraphErrors.Transport("transport_error", "The media address could not be reached."), false);
        }

        if (response.IsSuccessStatusCode)
        {
            return (response, null, false);
        }

        var status = (int)response.StatusCode;
        response.Dispose();
        var expired = response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.Gone;
        _logger.GraphCallFailed(phoneNumberId, Operations.MediaDownload, status, "http_" + status, null, ChannelErrorKind.Unknown, null);
        return (null, new ChannelError("media_unavailable", $"The media address answered HTTP {status}.") { StatusCode = status, Kind = expired ? ChannelErrorKind.InvalidRequest : ChannelErrorKind.Transient, IsTransient = !expired }, expired);
    }

    private async Task<GraphAnswer> CallAsync(string phoneNumberId, string operation, HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        if (!_numbers.TryGetValue(phoneNumberId, out var credentials))
        {
            return new GraphAnswer(0, [], UnknownNumber(phoneNumberId, operation));
        }

        using var request = new HttpRequestMessage(method, GraphAddress.Build(_options.GraphApiBaseUrl, _options.GraphApiVersion, path, credentials.Proof));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.Token);
        if (body is not null)
        {
            // Buffered bytes (not a stream) so that the resilience handler can send the same request again.
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        var answer = await GraphTransport.SendAsync(_httpClientFactory.CreateClient(WhatsAppDefaults.HttpClientName), request, _time, cancellationToken).ConfigureAwait(false);
        if (answer.Unanswered is { } reason)
        {
            _logger.GraphCallUnanswered(phoneNumberId, operation, reason, answer.Exception);
        }
        else if (answer.Error is { } error)
        {
            _logger.GraphCallFailed(phoneNumberId, operation, answer.StatusCode, error.Code, error.Subcode, error.Kind, error.TraceId);
        }
        else
        {
            _logger.GraphCallSucceeded(phoneNumberId, operation, answer.StatusCode);
        }

        return answer;
    }

    private ChannelError UnknownNumber(string phoneNumberId, string operation)
    {
        _logger.UnknownPhoneNumber(phoneNumberId, operation);
        return new ChannelError("unknown_phone_number", $"No access token is configured for phone number id {phoneNumberId}.") { Kind = ChannelErrorKind.Refused };
    }

    /// <summary>The operation names used in logs.</summary>
    internal static class Operations
    {
        public const string Send = "send";
        public const string MarkRead = "mark-read";
        public const string MediaLookup = "media-lookup";
        public const string MediaDownload = "media-download";
    }

    /// <summary>A number's token and, when the app requires it, the token's <c>appsecret_proof</c>.</summary>
    private sealed record Credentials(string Token, string? Proof);
}
