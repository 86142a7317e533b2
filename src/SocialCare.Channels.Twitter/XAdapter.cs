using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Twitter;

/// <summary>
/// The X channel: Direct Messages (one private conversation per customer and brand account) and public posts (one public
/// conversation per thread). Answers the CRC, verifies and parses Account Activity, X Activity API and filtered-stream
/// webhooks, sends DMs and public replies, measures post length as X does, and downloads DM media.
/// </summary>
/// <remarks>A thread-safe singleton; reached through <c>AddX(…)</c>.</remarks>
internal sealed class XAdapter : IChannelAdapter, ITextMeasure, IMediaDownloader
{
    private static readonly ChannelCapabilities XCapabilities = new(
        ChannelFeatures.PublicReplies | ChannelFeatures.PrivateRepliesToPublic,
        MessagePartKinds.Text | MessagePartKinds.Image | MessagePartKinds.Video)
    {
        MaxTextLength = XDefaults.MaxDirectMessageLength,
        MaxPublicTextLength = XDefaults.MaxPostLength,
    };

    private const string MaxMediaSizeOption = $"{XDefaults.ConfigurationSection}:MaxMediaSize";
    private const int MaxPostMedia = 4;

    private readonly XOptions _options;
    private readonly XWebhookEndpoint _endpoint;
    private readonly XApiClient _api;
    private readonly ChannelHealthTracker _health;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly XParseSettings _settings;

    public XAdapter(
        IOptions<XOptions> options,
        IHttpClientFactory httpClientFactory,
        IXTokenStore tokens,
        TimeProvider time,
        IEnumerable<IChannelHealthSink> healthSinks,
        ILogger<XAdapter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(healthSinks);
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = time;
        _endpoint = new XWebhookEndpoint(_options, _logger);
        _api = new XApiClient(httpClientFactory, _options, tokens, time, _logger);
        _health = new ChannelHealthTracker(ChannelId.X, healthSinks, time, (change, exception) => _logger.HealthSinkFailed(change.Account.Value, exception));
        _settings = CreateSettings(_options);
    }

    public ChannelId Channel => ChannelId.X;

    public ChannelCapabilities Capabilities => XCapabilities;

    /// <summary>Gets the settings the webhook parser and the listening poller read payloads with, stamped with the current time.</summary>
    internal XParseSettings Settings => _settings with { ReceivedAt = _time.GetUtcNow() };

    /// <summary>Gets the X API client, shared with the listening poller.</summary>
    internal XApiClient Api => _api;

    public async ValueTask<WebhookResult> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();

        // The CRC, the method and the signature (over the raw bytes) are settled before anything reads JSON.
        if (_endpoint.Authenticate(request) is { } answered)
        {
            return answered;
        }

        var events = new List<InboundEnvelope>();
        var settings = _settings with { ReceivedAt = _time.GetUtcNow() };
        if (!XWebhookParser.TryParse(request.Body, settings, events, out var summary, out var error))
        {
            _logger.BodyRefused(error ?? "not an X webhook");
            return WebhookResult.Rejected(WebhookRejection.MalformedPayload, error ?? "the body is not an X webhook");
        }

        _logger.ParseSummary(summary, events.Count);
        foreach (var account in summary.RevokedAccounts ?? [])
        {
            // The account's owner removed the app: X deleted the subscription; nothing arrives or sends until re-authorised.
            var revoked = new ChannelError("access_revoked", "The account's owner revoked this app's access on X; authorise the app again and subscribe the account anew.")
            {
                Kind = ChannelErrorKind.Unauthorized,
            };
            await _health.SetAsync(new ChannelAccountId(account), ChannelHealthStatus.Unauthorized, revoked, cancellationToken).ConfigureAwait(false);
        }

        if (events.Count > 0)
        {
            return WebhookResult.Accepted(events);
        }

        return WebhookResult.Ignored(summary.UnknownAccountItems > 0 && summary.Ignored == 0
            ? "events for accounts this application does not serve"
            : "no events the SDK handles");
    }

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var conversation = message.Conversation;
        if (conversation.Channel != ChannelId.X)
        {
            throw new ArgumentException($"The X channel cannot send to channel '{conversation.Channel}'.", nameof(message));
        }

        if (message.Template is not null)
        {
            throw new NotSupportedException("X has no message templates.");
        }

        var unsupported = message.Parts.FirstOrDefault(p => !XCapabilities.CanSend(p));
        if (unsupported is not null)
        {
            throw new NotSupportedException($"X cannot send a {unsupported.GetType().Name}: only text, images and videos.");
        }

        var account = conversation.Account.Value;
        if (!_api.Knows(account))
        {
            return Refuse(account, new ChannelError("unknown_account", $"No user-context credentials are configured for X account {account}.") { Kind = ChannelErrorKind.Refused });
        }

        var text = string.Join("\n\n", message.Parts.OfType<TextPart>().Select(t => t.Text).Where(t => !string.IsNullOrWhiteSpace(t)));
        var media = message.Parts.OfType<MediaPart>().ToList();
        if (media.Exists(m => string.IsNullOrEmpty(m.NetworkMediaId)))
        {
            return Refuse(account, new ChannelError("media_not_uploaded", "X attaches media by the id of a file the account uploaded in the last 24 hours; this part has none (upload is not part of the SDK yet).")
            {
                Kind = ChannelErrorKind.Refused,
            });
        }

        var isPrivate = conversation.Visibility == ConversationVisibility.Private || message.PrivateReply;
        if (conversation.Visibility == ConversationVisibility.Internal)
        {
            throw new NotSupportedException("Internal conversations take notes, not messages.");
        }

        var result = isPrivate
            ? await SendDirectMessageAsync(message, account, text, media, cancellationToken).ConfigureAwait(false)
            : await PostReplyAsync(message, account, text, media, cancellationToken).ConfigureAwait(false);
        if (result.Error is { } failed)
        {
            await _health.ReportAsync(new ChannelAccountId(account), failed, cancellationToken).ConfigureAwait(false);
            _logger.SendFailed(account, failed.Code);
            return SendResult.Failed(failed);
        }

        await _health.ReportAsync(new ChannelAccountId(account), null, cancellationToken).ConfigureAwait(false);
        return SendResult.Sent(new NetworkMessageId(result.Id!));
    }

    public int Measure(string text, bool publicReply)
    {
        ArgumentNullException.ThrowIfNull(text);
        return publicReply ? XPostLength.Count(text) : text.Length;
    }

    public async Task<MediaDownloadResult> DownloadAsync(ChannelAccountId account, MediaPart media, IMediaSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(sink);
        if (!TryDirectMessageMedia(media.Url, out var dmId, out var mediaId, out var resourceId))
        {
            return MediaDownloadResult.Failed(new ChannelError("media_not_downloadable", "Only Direct Message media (ton.twitter.com addresses) are downloaded through the X API; public media are at their address.")
            {
                Kind = ChannelErrorKind.Refused,
            });
        }

        var (response, error) = await _api.OpenDirectMessageMediaAsync(account.Value, dmId, mediaId, resourceId, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            await _health.ReportAsync(account, error, cancellationToken).ConfigureAwait(false);
            _logger.MediaDownloadFailed(account.Value, error.Code);
            return MediaDownloadResult.Failed(error);
        }

        using (response)
        {
            var descriptor = new MediaDescriptor(ChannelId.X, account, media.MediaKind)
            {
                NetworkMediaId = media.NetworkMediaId,
                MimeType = media.MimeType ?? response!.Content.Headers.ContentType?.MediaType,
                Size = media.Size ?? response!.Content.Headers.ContentLength,
                FileName = media.FileName,
            };
            var content = await response!.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var stored = await sink.WriteLimitedAsync(descriptor, content, _options.MaxMediaSize, MaxMediaSizeOption, cancellationToken).ConfigureAwait(false);
            if (stored.Error is { } tooLarge)
            {
                _logger.MediaDownloadFailed(account.Value, tooLarge.Code);
            }

            return stored;
        }
    }

    /// <summary>
    /// DM media live at <c>https://ton.twitter.com/1.1/ton/data/dm/{dm id}/{media id}/{resource}</c>; the v2 download
    /// endpoint takes the same three segments.
    /// </summary>
    internal static bool TryDirectMessageMedia(Uri? url, out string dmId, out string mediaId, out string resourceId)
    {
        dmId = mediaId = resourceId = string.Empty;
        if (url is not { IsAbsoluteUri: true } || !url.Host.Equals("ton.twitter.com", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var dm = Array.IndexOf(segments, "dm");
        if (dm < 0 || segments.Length != dm + 4)
        {
            return false;
        }

        (dmId, mediaId, resourceId) = (segments[dm + 1], segments[dm + 2], segments[dm + 3]);
        return dmId.All(char.IsAsciiDigit) && mediaId.All(char.IsAsciiDigit) && resourceId.Length > 0;
    }

    private static XParseSettings CreateSettings(XOptions options)
    {
        var accounts = options.Accounts.Where(a => a is not null).Select(a => a.UserId).ToFrozenSet(StringComparer.Ordinal);
        var listening = options.Listening.Account is { Length: > 0 } configured ? configured : options.Accounts.FirstOrDefault()?.UserId;
        return new XParseSettings(accounts, options.AppId, options.RetweetsOpenTickets, options.QuotesOpenTickets, listening);
    }

    private async Task<XApiResult> SendDirectMessageAsync(OutboundMessage message, string account, string text, List<MediaPart> media, CancellationToken cancellationToken)
    {
        var recipient = message.Recipient?.UserKey.Value
            ?? (message.Conversation.Visibility == ConversationVisibility.Private ? message.Conversation.Thread.Value : null);
        if (recipient is null)
        {
            return new XApiResult(null, new ChannelError("recipient_required", "A private reply to a public post needs the author to write to; none was given.") { Kind = ChannelErrorKind.Refused });
        }

        if (media.Count > 1)
        {
            return new XApiResult(null, new ChannelError("too_many_media", "An X Direct Message carries at most one image or video.") { Kind = ChannelErrorKind.Refused });
        }

        if (text.Length > XDefaults.MaxDirectMessageLength)
        {
            return new XApiResult(null, new ChannelError("text_too_long", $"The text is {text.Length} characters long; an X Direct Message allows at most {XDefaults.MaxDirectMessageLength}.")
            {
                Kind = ChannelErrorKind.Refused,
            });
        }

        if (text.Length == 0 && media.Count == 0)
        {
            return new XApiResult(null, new ChannelError("empty_message", "The message has neither text nor media.") { Kind = ChannelErrorKind.Refused });
        }

        return await _api.SendDirectMessageAsync(account, recipient, text.Length == 0 ? null : text, media.Count == 0 ? null : media[0].NetworkMediaId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<XApiResult> PostReplyAsync(OutboundMessage message, string account, string text, List<MediaPart> media, CancellationToken cancellationToken)
    {
        if (media.Count > MaxPostMedia)
        {
            return new XApiResult(null, new ChannelError("too_many_media", $"An X post carries at most {MaxPostMedia} images or one video.") { Kind = ChannelErrorKind.Refused });
        }

        var length = XPostLength.Count(text);
        if (length > XDefaults.MaxPostLength)
        {
            return new XApiResult(null, new ChannelError("text_too_long", $"The post is {length} characters long as X counts them (links 23, CJK and emoji 2); X allows at most {XDefaults.MaxPostLength}.")
            {
                Kind = ChannelErrorKind.Refused,
            });
        }

        if (text.Length == 0 && media.Count == 0)
        {
            return new XApiResult(null, new ChannelError("empty_message", "The reply has neither text nor media.") { Kind = ChannelErrorKind.Refused });
        }

        // A reply answers the customer's post (the engine names it); failing that, the thread's root post. No leading
        // @handle is added: X adds the reply's mentions itself, and typed ones would count against the 280.
        var inReplyTo = message.ReplyTo?.Value ?? message.Conversation.Thread.Value;
        return await _api.CreatePostAsync(account, text, inReplyTo, media.Count == 0 ? null : [.. media.Select(m => m.NetworkMediaId!)], cancellationToken).ConfigureAwait(false);
    }

    private SendResult Refuse(string account, ChannelError error)
    {
        _logger.SendFailed(account, error.Code);
        return SendResult.Failed(error);
    }
}
