using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;

namespace SocialCare.Channels.Facebook;

/// <summary>
/// The Facebook channel: Messenger conversations (private) and Page comments (public threads keyed by the post). Verifies
/// and parses <c>object=page</c> webhooks, and sends through the Graph API.
/// </summary>
/// <remarks>A thread-safe singleton; reached through <c>AddFacebook(…)</c>.</remarks>
internal sealed class FacebookAdapter : IChannelAdapter, IChannelActions
{
    /// <summary>The prefix of the metadata attached to every send, echoed back by Messenger so that echoes match our messages.</summary>
    internal const string MetadataPrefix = "socialcare:";

    private static readonly ChannelCapabilities FacebookCapabilities = new(
        ChannelFeatures.PublicReplies | ChannelFeatures.PrivateRepliesToPublic | ChannelFeatures.TypingIndicators
            | ChannelFeatures.ReadReceipts | ChannelFeatures.Reactions | ChannelFeatures.Moderation,
        MessagePartKinds.Text | MessagePartKinds.Image | MessagePartKinds.Audio | MessagePartKinds.Video | MessagePartKinds.Document
            | MessagePartKinds.Choice | MessagePartKinds.Reaction)
    {
        MaxTextLength = FacebookDefaults.MaxMessageTextLength,
        MaxPublicTextLength = FacebookDefaults.MaxCommentTextLength,
        ReplyWindow = FacebookDefaults.ReplyWindow,
        TaggedReplyWindow = FacebookDefaults.HumanAgentWindow,
        HumanAgentTag = FacebookDefaults.HumanAgentTag,
        PrivateReplyWindow = FacebookDefaults.PrivateReplyWindow,
    };

    private readonly FacebookOptions _options;
    private readonly MetaWebhookEndpoint _endpoint;
    private readonly FacebookGraphClient _graph;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MetaHealth _health;

    public FacebookAdapter(
        IOptions<FacebookOptions> options,
        IHttpClientFactory httpClientFactory,
        TimeProvider time,
        IEnumerable<IChannelHealthSink> healthSinks,
        ILogger<FacebookAdapter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(healthSinks);
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _endpoint = new MetaWebhookEndpoint(ChannelId.Facebook, _options.AppSecret, _options.PreviousAppSecret, _options.VerifyToken, _logger);
        _graph = new FacebookGraphClient(httpClientFactory, _options, _logger, time);
        _time = time;
        _health = new MetaHealth(ChannelId.Facebook, healthSinks, time, _logger);
    }

    public ChannelId Channel => ChannelId.Facebook;

    public ChannelCapabilities Capabilities => FacebookCapabilities;

    public ValueTask<WebhookResult> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        // The handshake, the method and the signature (over the raw bytes) are settled before anything reads JSON.
        if (_endpoint.Authenticate(request) is { } answered)
        {
            return new(answered);
        }

        var body = request.Body;
        var events = new List<InboundEnvelope>();
        if (!FacebookWebhookParser.TryParse(body, _options.AppId, events, out var summary, out var error))
        {
            return new(_endpoint.Reject(WebhookRejection.MalformedPayload, error ?? "the body is not a Meta webhook"));
        }

        if (!string.Equals(summary.Object, "page", StringComparison.Ordinal))
        {
            _logger.ObjectIgnored(summary.Object);
            return new(WebhookResult.Ignored($"object '{summary.Object}' is not handled by the Facebook channel"));
        }

        if (summary.Ignored > 0 && _logger.IsEnabled(LogLevel.Debug))
        {
            _logger.ItemsIgnored(summary.Ignored, summary.IgnoredKinds is null ? string.Empty : string.Join(", ", summary.IgnoredKinds));
        }

        return new(events.Count == 0 ? WebhookResult.Ignored("no events the SDK handles") : WebhookResult.Accepted(events));
    }

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var conversation = message.Conversation;
        if (conversation.Channel != ChannelId.Facebook)
        {
            throw new ArgumentException($"The Facebook channel cannot send to channel '{conversation.Channel}'.", nameof(message));
        }

        foreach (var part in message.Parts)
        {
            if (!FacebookCapabilities.CanSend(part))
            {
                // An undeclared kind is the caller's mistake (the reply policy checks capabilities first), never a silent drop.
                throw new NotSupportedException($"Facebook cannot send a {part.GetType().Name}: only text, images, audio, video, documents, choices and reactions.");
            }
        }

        var pageId = conversation.Account.Value;
        var metadata = MetadataPrefix + message.Id.Value;
        var requests = new List<GraphSendRequest>();
        ChannelError? refusal;
        if (conversation.Visibility == ConversationVisibility.Public && !message.PrivateReply)
        {
            // A public answer: a comment under the comment answered, or under the post itself.
            var target = message.ReplyTo?.Value ?? conversation.Thread.Value;
            if (!FacebookRequests.TryBuildCommentReply(message.Parts, out var comment, out refusal))
            {
                return Refuse(pageId, refusal!);
            }

            var posted = await _graph.ReplyToCommentAsync(pageId, target, comment!, cancellationToken).ConfigureAwait(false);
            return await CompleteAsync(pageId, posted, cancellationToken).ConfigureAwait(false);
        }

        GraphRecipient recipient;
        string messagingType;
        string? tag = null;
        if (conversation.Visibility == ConversationVisibility.Public)
        {
            // A private reply to a comment (or to a visitor's post): any messaging type is allowed, once per comment.
            var target = message.ReplyTo?.Value;
            if (target is null)
            {
                return Refuse(pageId, Refusal("refused_no_comment", "A private reply needs the comment (or post) it answers."));
            }

            recipient = string.Equals(target, conversation.Thread.Value, StringComparison.Ordinal)
                ? GraphRecipient.Post(target)
                : GraphRecipient.Comment(target);
            messagingType = FacebookRequests.Response;
        }
        else if (conversation.Visibility == ConversationVisibility.Private)
        {
            recipient = GraphRecipient.User(message.Recipient?.UserKey.Value ?? conversation.Thread.Value);
            if (Window(message) is { } windowRefusal)
            {
                return Refuse(pageId, windowRefusal);
            }

            (messagingType, tag) = MessagingType(message);
        }
        else
        {
            return Refuse(pageId, Refusal("refused_internal", "An internal conversation is not sent to Facebook."));
        }

        if (!FacebookRequests.TryBuildMessenger(message.Parts, recipient, messagingType, tag, metadata, requests, out refusal))
        {
            return Refuse(pageId, refusal!);
        }

        GraphResult? last = null;
        foreach (var request in requests)
        {
            last = await _graph.SendAsync(pageId, request, cancellationToken).ConfigureAwait(false);
            if (!last.Succeeded)
            {
                break;
            }
        }

        return await CompleteAsync(pageId, last!, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ChannelActionResult> SendActionAsync(ConversationRef conversation, ConversationAction action, NetworkMessageId? lastMessage, CancellationToken cancellationToken)
    {
        if (conversation.Channel != ChannelId.Facebook || conversation.Visibility != ConversationVisibility.Private)
        {
            throw new NotSupportedException("Typing and seen signals exist only in private Messenger conversations.");
        }

        var name = FacebookRequests.SenderActionName(action);
        var pageId = conversation.Account.Value;
        var result = await _graph.SendAsync(pageId, FacebookRequests.SenderAction(GraphRecipient.User(conversation.Thread.Value), name), cancellationToken)
            .ConfigureAwait(false);
        return await ActionResultAsync(pageId, result, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ChannelActionResult> ModerateAsync(ConversationRef conversation, NetworkMessageId target, ModerationAction action, CancellationToken cancellationToken)
    {
        if (conversation.Channel != ChannelId.Facebook || conversation.Visibility != ConversationVisibility.Public)
        {
            throw new NotSupportedException("Only comments in public Facebook threads can be moderated.");
        }

        var pageId = conversation.Account.Value;
        var result = action switch
        {
            ModerationAction.Hide => await _graph.SetCommentHiddenAsync(pageId, target.Value, hidden: true, cancellationToken).ConfigureAwait(false),
            ModerationAction.Unhide => await _graph.SetCommentHiddenAsync(pageId, target.Value, hidden: false, cancellationToken).ConfigureAwait(false),
            ModerationAction.Delete => await _graph.DeleteCommentAsync(pageId, target.Value, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown moderation action."),
        };
        return await ActionResultAsync(pageId, result, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The 24-hour window, then 7 days with the HUMAN_AGENT tag for a person's reply; refused before any call beyond that.</summary>
    private ChannelError? Window(OutboundMessage message)
    {
        if (message.CustomerLastMessageAt is not { } last)
        {
            return null;
        }

        var since = _time.GetUtcNow() - last;
        if (since < FacebookDefaults.ReplyWindow)
        {
            return null;
        }

        if (since >= FacebookDefaults.HumanAgentWindow)
        {
            return OutsideWindow("The customer last wrote more than 7 days ago: Messenger allows no reply until they write again.");
        }

        if (message.Agent is null)
        {
            return OutsideWindow("The 24-hour window has closed; only a reply written by a person (HUMAN_AGENT tag) may be sent within 7 days, and this one has no agent.");
        }

        return _options.UseHumanAgentTag
            ? null
            : OutsideWindow("The 24-hour window has closed and the HUMAN_AGENT tag is turned off (SocialCare:Facebook:UseHumanAgentTag).");
    }

    private (string MessagingType, string? Tag) MessagingType(OutboundMessage message)
    {
        var humanAgent = message.CustomerLastMessageAt is { } last
            ? _time.GetUtcNow() - last >= FacebookDefaults.ReplyWindow
            : string.Equals(message.MessagingTag, FacebookDefaults.HumanAgentTag, StringComparison.Ordinal) && _options.UseHumanAgentTag;
        return humanAgent ? (FacebookRequests.MessageTag, FacebookDefaults.HumanAgentTag) : (FacebookRequests.Response, null);
    }

    private static ChannelError OutsideWindow(string text)
        => new("outside_window", text) { Kind = ChannelErrorKind.OutsideReplyWindow, OutsideReplyWindow = true };

    private static ChannelError Refusal(string code, string text) => new(code, text) { Kind = ChannelErrorKind.Refused };

    private SendResult Refuse(string pageId, ChannelError error)
    {
        _logger.SendRefused(pageId, error.Code);
        return SendResult.Failed(error);
    }

    private async Task<SendResult> CompleteAsync(string pageId, GraphResult result, CancellationToken cancellationToken)
    {
        await _health.ReportAsync(pageId, result.Error, cancellationToken).ConfigureAwait(false);
        if (result.Error is { } error)
        {
            return SendResult.Failed(error);
        }

        return result.Id is { Length: > 0 } id
            ? SendResult.Sent(new NetworkMessageId(id))
            : SendResult.Failed(new ChannelError("no_message_id", "The Graph API accepted the call but returned no id.") { Kind = ChannelErrorKind.Unknown });
    }

    private async Task<ChannelActionResult> ActionResultAsync(string pageId, GraphResult result, CancellationToken cancellationToken)
    {
        await _health.ReportAsync(pageId, result.Error, cancellationToken).ConfigureAwait(false);
        return result.Error is { } error ? ChannelActionResult.Failed(error) : ChannelActionResult.Done;
    }
}
