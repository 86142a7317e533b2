using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;

namespace SocialCare.Channels.WhatsApp;

/// <summary>
/// The WhatsApp channel: Cloud API conversations, one private conversation per customer and phone number. Verifies and
/// parses <c>object=whatsapp_business_account</c> webhooks, sends through the Cloud API within the 24-hour window (a
/// template outside it), marks messages read, and downloads media.
/// </summary>
/// <remarks>A thread-safe singleton; reached through <c>AddWhatsApp(…)</c>.</remarks>
internal sealed class WhatsAppAdapter : IChannelAdapter, IChannelActions, ITemplateCatalog, IMediaDownloader
{
    private static readonly ChannelCapabilities WhatsAppCapabilities = new(
        ChannelFeatures.Templates | ChannelFeatures.ReadReceipts | ChannelFeatures.TypingIndicators | ChannelFeatures.Reactions,
        MessagePartKinds.Text | MessagePartKinds.Image | MessagePartKinds.Audio | MessagePartKinds.Video | MessagePartKinds.Document
            | MessagePartKinds.Sticker | MessagePartKinds.Location | MessagePartKinds.Contact | MessagePartKinds.Choice | MessagePartKinds.Reaction)
    {
        MaxTextLength = WhatsAppDefaults.MaxTextLength,
        ReplyWindow = WhatsAppDefaults.ReplyWindow,
    };

    private readonly WhatsAppOptions _options;
    private readonly MetaWebhookEndpoint _endpoint;
    private readonly WhatsAppGraphClient _graph;
    private readonly WhatsAppSendGate _gate;
    private readonly MetaHealth _health;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly WhatsAppSendSettings _settings;
    private readonly FrozenDictionary<string, IReadOnlyList<TemplateDefinition>> _templates;

    public WhatsAppAdapter(
        IOptions<WhatsAppOptions> options,
        IHttpClientFactory httpClientFactory,
        TimeProvider time,
        IEnumerable<IChannelHealthSink> healthSinks,
        ILogger<WhatsAppAdapter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(healthSinks);
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = time;
        _endpoint = new MetaWebhookEndpoint(ChannelId.WhatsApp, _options.AppSecret, _options.PreviousAppSecret, _options.VerifyToken, _logger);
        _graph = new WhatsAppGraphClient(httpClientFactory, _options, _logger, time);
        _gate = new WhatsAppSendGate(_options, time);
        _health = new MetaHealth(ChannelId.WhatsApp, healthSinks, time, _logger);
        _settings = new WhatsAppSendSettings(_options.PreviewLinks, _options.ListButtonText);
        _templates = _options.PhoneNumbers.ToFrozenDictionary(
            n => n.PhoneNumberId,
            n => (IReadOnlyList<TemplateDefinition>)[.. _options.Templates, .. n.Templates],
            StringComparer.Ordinal);
    }

    public ChannelId Channel => ChannelId.WhatsApp;

    public ChannelCapabilities Capabilities => WhatsAppCapabilities;

    public ValueTask<WebhookResult> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();

        // The handshake, the method and the signature (over the raw bytes) are settled before anything reads JSON.
        if (_endpoint.Authenticate(request) is { } answered)
        {
            return new(answered);
        }

        var events = new List<InboundEnvelope>();
        if (!WhatsAppWebhookParser.TryParse(request.Body, events, out var summary, out var error))
        {
            return new(_endpoint.Reject(WebhookRejection.MalformedPayload, error ?? "the body is not a Meta webhook"));
        }

        if (!string.Equals(summary.Object, WhatsAppDefaults.WebhookObject, StringComparison.Ordinal))
        {
            _logger.ObjectIgnored(summary.Object);
            return new(WebhookResult.Ignored($"object '{summary.Object}' is not handled by the WhatsApp channel"));
        }

        if (summary.Ignored > 0 && _logger.IsEnabled(LogLevel.Debug))
        {
            _logger.ItemsIgnored(summary.Ignored, summary.IgnoredKinds is null ? string.Empty : string.Join(", ", summary.IgnoredKinds));
        }

        foreach (var (phoneNumberId, code, title) in summary.ValueErrors ?? [])
        {
            _logger.ValueError(phoneNumberId, code, title);
        }

        return new(events.Count == 0 ? WebhookResult.Ignored("no events the SDK handles") : WebhookResult.Accepted(events));
    }

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var conversation = message.Conversation;
        if (conversation.Channel != ChannelId.WhatsApp)
        {
            throw new ArgumentException($"The WhatsApp channel cannot send to channel '{conversation.Channel}'.", nameof(message));
        }

        if (conversation.Visibility != ConversationVisibility.Private || message.PrivateReply)
        {
            throw new NotSupportedException("WhatsApp conversations are private; there are no public threads or private replies to them.");
        }

        var number = conversation.Account.Value;
        if (!_graph.Knows(number))
        {
            return Refuse(number, new ChannelError("unknown_phone_number", $"No access token is configured for phone number id {number}.") { Kind = ChannelErrorKind.Refused });
        }

        if ((message.Template is null ? Window(message) : CheckTemplate(number, message.Template)) is { } refused)
        {
            return Refuse(number, refused);
        }

        if (!WhatsAppRequests.TryBuild(message, _settings, out var bodies, out var refusal))
        {
            return Refuse(number, refusal!);
        }

        var recipient = message.Recipient?.UserKey.Value ?? conversation.Thread.Value;
        string? first = null;
        foreach (var body in bodies)
        {
            // One reply counts once against the customer's pacer, however many Cloud API messages it takes.
            if (await _gate.EnterAsync(number, recipient, cancellationToken, paceRecipient: first is null).ConfigureAwait(false) is { } limited)
            {
                _logger.SendThrottled(number, limited.RetryAfter ?? TimeSpan.Zero, limited.Code);
                return SendResult.Failed(limited);
            }

            var (id, error) = await _graph.PostMessageAsync(number, body, WhatsAppGraphClient.Operations.Send, cancellationToken).ConfigureAwait(false);
            await _health.ReportAsync(number, error, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return SendResult.Failed(error);
            }

            // The first message's id identifies the reply; statuses of the others find it through the callback data.
            first ??= id;
        }

        return SendResult.Sent(new NetworkMessageId(first!));
    }

    public async Task<ChannelActionResult> SendActionAsync(ConversationRef conversation, ConversationAction action, NetworkMessageId? lastMessage, CancellationToken cancellationToken)
    {
        if (conversation.Channel != ChannelId.WhatsApp || conversation.Visibility != ConversationVisibility.Private)
        {
            throw new NotSupportedException("Read and typing signals exist only in private WhatsApp conversations.");
        }

        if (action == ConversationAction.TypingOff)
        {
            throw new NotSupportedException("WhatsApp has no 'typing off' signal: the indicator ends with the reply, or after 25 seconds.");
        }

        var number = conversation.Account.Value;
        if (lastMessage is not { } target)
        {
            return ChannelActionResult.Failed(new ChannelError("message_required", "WhatsApp marks a message read (and shows typing) by the id of the customer's message; none was given.")
            {
                Kind = ChannelErrorKind.Refused,
            });
        }

        var body = WhatsAppRequests.MarkRead(target, typing: action == ConversationAction.TypingOn);
        var (_, error) = await _graph.PostMessageAsync(number, body, WhatsAppGraphClient.Operations.MarkRead, cancellationToken).ConfigureAwait(false);
        await _health.ReportAsync(number, error, cancellationToken).ConfigureAwait(false);
        return error is null ? ChannelActionResult.Done : ChannelActionResult.Failed(error);
    }

    public Task<ChannelActionResult> ModerateAsync(ConversationRef conversation, NetworkMessageId target, ModerationAction action, CancellationToken cancellationToken)
        => throw new NotSupportedException("WhatsApp conversations are private: there are no public comments to moderate.");

    public IReadOnlyList<TemplateDefinition> GetTemplates(ChannelAccountId account)
        => _templates.TryGetValue(account.Value, out var templates) ? templates : [.. _options.Templates];

    public async Task<MediaDownloadResult> DownloadAsync(ChannelAccountId account, MediaPart media, IMediaSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(sink);
        var number = account.Value;
        var result = await DownloadCoreAsync(number, media, sink, cancellationToken).ConfigureAwait(false);
        if (result.Error is { } error)
        {
            _logger.MediaDownloadFailed(number, error.Code);
        }

        return result;
    }

    private async Task<MediaDownloadResult> DownloadCoreAsync(string number, MediaPart media, IMediaSink sink, CancellationToken cancellationToken)
    {
        var descriptor = new MediaDescriptor(ChannelId.WhatsApp, new ChannelAccountId(number), media.MediaKind)
        {
            NetworkMediaId = media.NetworkMediaId,
            MimeType = media.MimeType,
            Size = media.Size,
            Sha256 = media.Sha256,
            FileName = media.FileName,
        };
        var address = media.Url;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (media.NetworkMediaId is { Length: > 0 } mediaId && (attempt > 0 || address is null))
            {
                // The address from the lookup lives about five minutes: fetch a fresh one, then the bytes at once.
                var (info, lookupError) = await _graph.GetMediaInfoAsync(number, mediaId, cancellationToken).ConfigureAwait(false);
                await _health.ReportAsync(number, lookupError, cancellationToken).ConfigureAwait(false);
                if (lookupError is not null)
                {
                    return MediaDownloadResult.Failed(lookupError);
                }

                address = info!.Value.Url;
                descriptor = descriptor with
                {
                    MimeType = info.Value.MimeType ?? descriptor.MimeType,
                    Size = info.Value.FileSize ?? descriptor.Size,
                    Sha256 = info.Value.Sha256 ?? descriptor.Sha256,
                };
            }

            if (address is null)
            {
                return MediaDownloadResult.Failed(new ChannelError("no_media", "The media part has neither a media id nor an address.") { Kind = ChannelErrorKind.Refused });
            }

            if (descriptor.Size > _options.MaxMediaSize)
            {
                return MediaDownloadResult.Failed(TooLarge(descriptor.Size.Value));
            }

            var (response, error, expired) = await _graph.OpenMediaAsync(number, address, cancellationToken).ConfigureAwait(false);
            if (expired && media.NetworkMediaId is { Length: > 0 })
            {
                // The first time, a fresh address is fetched; the second time, the loop ends with a transient error
                // (the media id is still good for days, so a later try may succeed).
                continue;
            }

            if (error is not null)
            {
                return MediaDownloadResult.Failed(error);
            }

            using (response)
            {
                if (response!.Content.Headers.ContentLength is { } length && length > _options.MaxMediaSize)
                {
                    return MediaDownloadResult.Failed(TooLarge(length));
                }

                descriptor = descriptor with { MimeType = descriptor.MimeType ?? response.Content.Headers.ContentType?.MediaType };
                var content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                return await sink.WriteLimitedAsync(descriptor, content, _options.MaxMediaSize, MaxMediaSizeOption, cancellationToken).ConfigureAwait(false);
            }
        }

        return MediaDownloadResult.Failed(new ChannelError("media_unavailable", "The media address expired twice in a row.") { Kind = ChannelErrorKind.Transient, IsTransient = true });
    }

    private const string MaxMediaSizeOption = $"{WhatsAppDefaults.ConfigurationSection}:MaxMediaSize";

    private ChannelError TooLarge(long size) => MediaSinkExtensions.TooLarge(size, _options.MaxMediaSize, MaxMediaSizeOption);

    /// <summary>Free-form messages only within 24 hours of the customer's last message; a template outside it.</summary>
    private ChannelError? Window(OutboundMessage message)
    {
        if (message.CustomerLastMessageAt is not { } last || _time.GetUtcNow() - last < WhatsAppDefaults.ReplyWindow)
        {
            return null;
        }

        return new ChannelError("outside_window", "More than 24 hours have passed since the customer last wrote: only an approved template may be sent until they write again.")
        {
            Kind = ChannelErrorKind.OutsideReplyWindow,
            OutsideReplyWindow = true,
        };
    }

    /// <summary>When the host configured a catalogue, the template must be in it and filled as defined (else WhatsApp answers 132000 or 132001).</summary>
    private ChannelError? CheckTemplate(string number, MessageTemplate template)
    {
        var catalogue = GetTemplates(new ChannelAccountId(number));
        if (catalogue.Count == 0)
        {
            return null;
        }

        var definition = catalogue.FirstOrDefault(t => t.Matches(template));
        var problem = definition is null
            ? $"The template '{template.Name}' ({template.Language}) is not in the catalogue of phone number id {number}."
            : definition.Check(template);
        return problem is null ? null : new ChannelError(definition is null ? "template_not_found" : "template_invalid", problem) { Kind = ChannelErrorKind.Refused };
    }

    private SendResult Refuse(string number, ChannelError error)
    {
        _logger.SendRefused(number, error.Code);
        return SendResult.Failed(error);
    }
}
