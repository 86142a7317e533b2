using System.Globalization;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Facebook;

/// <summary>
/// Builds Graph request bodies from SocialCare message parts, refusing what Messenger or Page comments cannot carry
/// before any call is made (meta.md §5.1, §5.2, §6.3).
/// </summary>
internal static class FacebookRequests
{
    /// <summary>The <c>messaging_type</c> of a reply inside the 24-hour window.</summary>
    public const string Response = "RESPONSE";

    /// <summary>The <c>messaging_type</c> of a message that is not a reply.</summary>
    public const string Update = "UPDATE";

    /// <summary>The <c>messaging_type</c> of a tagged message (with <see cref="FacebookDefaults.HumanAgentTag"/>).</summary>
    public const string MessageTag = "MESSAGE_TAG";

    /// <summary>The sender action that shows a typing indicator.</summary>
    public const string TypingOn = "typing_on";

    /// <summary>The sender action that hides the typing indicator.</summary>
    public const string TypingOff = "typing_off";

    /// <summary>The sender action that marks the customer's messages as seen.</summary>
    public const string MarkSeen = "mark_seen";

    /// <summary>The sender action that puts a reaction on a message.</summary>
    public const string React = "react";

    /// <summary>The sender action that takes the Page's reaction off a message.</summary>
    public const string Unreact = "unreact";

    /// <summary>The longest <c>metadata</c> and quick-reply <c>payload</c> Messenger accepts: 1,000 characters.</summary>
    public const int MaxMetadataLength = 1000;

    /// <summary>
    /// Builds the Send API requests for one outgoing Messenger message, in the order they must be sent.
    /// </summary>
    /// <param name="parts">The message's parts.</param>
    /// <param name="recipient">The user, or the comment or post of a private reply.</param>
    /// <param name="messagingType"><see cref="Response"/>, <see cref="Update"/> or <see cref="MessageTag"/>.</param>
    /// <param name="tag">The tag when <paramref name="messagingType"/> is <see cref="MessageTag"/>, otherwise <see langword="null"/>.</param>
    /// <param name="metadata">The metadata every message request carries (<c>socialcare:&lt;MessageId&gt;</c>), echoed back by Messenger.</param>
    /// <param name="requests">Receives the requests; left empty on refusal.</param>
    /// <param name="refusal">Why the message cannot be sent, when the method returns <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when every part can be sent.</returns>
    /// <remarks>
    /// Text and an attachment never share a request (Messenger forbids it): each text part, each media part and each
    /// caption (after its media) is its own request. Quick replies go on the last text request. A private reply is a
    /// single message, so it may hold only one request.
    /// </remarks>
    public static bool TryBuildMessenger(
        IReadOnlyList<MessagePart> parts,
        GraphRecipient recipient,
        string messagingType,
        string? tag,
        string? metadata,
        List<GraphSendRequest> requests,
        out ChannelError? refusal)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentException.ThrowIfNullOrWhiteSpace(messagingType);
        ArgumentNullException.ThrowIfNull(requests);

        var built = new List<GraphSendRequest>(parts.Count);
        refusal = Build(parts, recipient, messagingType, tag, metadata, built);
        if (refusal is not null)
        {
            return false;
        }

        requests.AddRange(built);
        return true;
    }

    /// <summary>Builds a sender action request: <see cref="TypingOn"/>, <see cref="TypingOff"/> or <see cref="MarkSeen"/>.</summary>
    /// <param name="recipient">The Messenger user.</param>
    /// <param name="action">The action's wire name.</param>
    /// <returns>The request, with no message, messaging type or metadata (Messenger forbids them with an action).</returns>
    /// <exception cref="ArgumentException"><paramref name="action"/> is not one of the three, or <paramref name="recipient"/> is not a user.</exception>
    public static GraphSendRequest SenderAction(GraphRecipient recipient, string action)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        if (action is not (TypingOn or TypingOff or MarkSeen))
        {
            throw new ArgumentException($"'{action}' is not a Messenger typing or seen action.", nameof(action));
        }

        if (recipient.Id is null)
        {
            throw new ArgumentException("Sender actions go to a Messenger user (PSID), not to a comment or post.", nameof(recipient));
        }

        return new GraphSendRequest { Recipient = recipient, SenderAction = action };
    }

    /// <summary>Returns the wire name of a conversation action.</summary>
    /// <param name="action">The action.</param>
    /// <returns><see cref="TypingOn"/>, <see cref="TypingOff"/> or <see cref="MarkSeen"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not a defined value.</exception>
    public static string SenderActionName(ConversationAction action) => action switch
    {
        ConversationAction.TypingOn => TypingOn,
        ConversationAction.TypingOff => TypingOff,
        ConversationAction.MarkSeen => MarkSeen,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown conversation action."),
    };

    /// <summary>Builds the body of a public reply to a comment.</summary>
    /// <param name="parts">The reply's parts: text, and at most one image.</param>
    /// <param name="request">The body, when the method returns <see langword="true"/>.</param>
    /// <param name="refusal">Why the reply cannot be sent, when the method returns <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when the parts fit in one comment.</returns>
    /// <remarks>Several text parts are joined with a blank line; an image's caption is added to the text.</remarks>
    public static bool TryBuildCommentReply(IReadOnlyList<MessagePart> parts, out GraphCommentRequest? request, out ChannelError? refusal)
    {
        ArgumentNullException.ThrowIfNull(parts);
        request = null;
        var texts = new List<string>();
        MediaPart? image = null;
        foreach (var part in parts)
        {
            switch (part)
            {
                case TextPart text:
                    if (!string.IsNullOrWhiteSpace(text.Text))
                    {
                        texts.Add(text.Text);
                    }

                    break;
                case MediaPart { MediaKind: MediaKind.Image } media:
                    if (image is not null)
                    {
                        refusal = Refuse("too_many_attachments", "A comment can carry only one image.");
                        return false;
                    }

                    image = media;
                    if (!string.IsNullOrWhiteSpace(media.Caption))
                    {
                        texts.Add(media.Caption);
                    }

                    break;
                default:
                    refusal = Refuse("unsupported_content", $"A Facebook comment cannot carry {Describe(part)} content; only text and one image.");
                    return false;
            }
        }

        var message = texts.Count == 0 ? null : string.Join("\n\n", texts);
        if (message is not null && message.Length > FacebookDefaults.MaxCommentTextLength)
        {
            refusal = Refuse(
                "text_too_long",
                string.Create(CultureInfo.InvariantCulture, $"The comment has {message.Length} characters; Facebook allows at most {FacebookDefaults.MaxCommentTextLength}."));
            return false;
        }

        string? attachmentUrl = null;
        string? attachmentId = null;
        if (image is not null)
        {
            if (!string.IsNullOrWhiteSpace(image.NetworkMediaId))
            {
                attachmentId = image.NetworkMediaId;
            }
            else if (IsWebAddress(image.Url))
            {
                attachmentUrl = image.Url!.AbsoluteUri;
            }
            else
            {
                refusal = Refuse("media_without_source", "The image has neither a Facebook attachment id nor an http(s) address.");
                return false;
            }
        }

        if (message is null && image is null)
        {
            refusal = Refuse("empty", "The comment has nothing to send.");
            return false;
        }

        request = new GraphCommentRequest { Message = message, AttachmentUrl = attachmentUrl, AttachmentId = attachmentId };
        refusal = null;
        return true;
    }

    private static ChannelError? Build(
        IReadOnlyList<MessagePart> parts,
        GraphRecipient recipient,
        string messagingType,
        string? tag,
        string? metadata,
        List<GraphSendRequest> requests)
    {
        if (metadata is { Length: > MaxMetadataLength })
        {
            return Refuse("metadata_too_long", $"Messenger metadata holds at most {MaxMetadataLength} characters.");
        }

        List<GraphQuickReply>? quickReplies = null;
        var lastText = -1;
        foreach (var part in parts)
        {
            switch (part)
            {
                case TextPart text:
                    if (string.IsNullOrWhiteSpace(text.Text))
                    {
                        break;
                    }

                    if (TooLong(text.Text, "text") is { } textRefusal)
                    {
                        return textRefusal;
                    }

                    lastText = requests.Count;
                    requests.Add(Message(recipient, messagingType, tag, new GraphMessage { Text = text.Text, Metadata = metadata }));
                    break;

                case MediaPart media:
                    if (MediaType(media.MediaKind) is not { } type)
                    {
                        return Refuse("unsupported_content", $"Messenger cannot send {Describe(part)} content.");
                    }

                    GraphAttachmentPayload payload;
                    if (!string.IsNullOrWhiteSpace(media.NetworkMediaId))
                    {
                        payload = new GraphAttachmentPayload { AttachmentId = media.NetworkMediaId };
                    }
                    else if (IsWebAddress(media.Url))
                    {
                        payload = new GraphAttachmentPayload { Url = media.Url!.AbsoluteUri, IsReusable = true };
                    }
                    else
                    {
                        return Refuse("media_without_source", $"The {type} has neither a Messenger attachment id nor an http(s) address.");
                    }

                    requests.Add(Message(recipient, messagingType, tag, new GraphMessage { Attachment = new GraphAttachment(type, payload), Metadata = metadata }));
                    if (!string.IsNullOrWhiteSpace(media.Caption))
                    {
                        // Messenger has no captions: the caption follows its media as a text message.
                        if (TooLong(media.Caption, "caption") is { } captionRefusal)
                        {
                            return captionRefusal;
                        }

                        lastText = requests.Count;
                        requests.Add(Message(recipient, messagingType, tag, new GraphMessage { Text = media.Caption, Metadata = metadata }));
                    }

                    break;

                case ChoicePart { ChoiceKind: ChoiceKind.QuickReply } choice:
                    if (string.IsNullOrWhiteSpace(choice.Title) || choice.Title.Length > FacebookDefaults.MaxQuickReplyTitleLength)
                    {
                        return Refuse(
                            "quick_reply_title",
                            string.Create(CultureInfo.InvariantCulture, $"A quick-reply title needs 1 to {FacebookDefaults.MaxQuickReplyTitleLength} characters; one has {choice.Title?.Length ?? 0}."));
                    }

                    var replyPayload = string.IsNullOrEmpty(choice.Payload) ? choice.Title : choice.Payload;
                    if (replyPayload.Length > MaxMetadataLength)
                    {
                        return Refuse("quick_reply_payload", $"A quick-reply payload holds at most {MaxMetadataLength} characters.");
                    }

                    quickReplies ??= [];
                    quickReplies.Add(new GraphQuickReply("text", choice.Title, replyPayload));
                    break;

                case ReactionPart reaction:
                    if (recipient.Id is null)
                    {
                        return Refuse("unsupported_content", "A private reply cannot carry a reaction.");
                    }

                    if (string.IsNullOrEmpty(reaction.Target.Value))
                    {
                        return Refuse("reaction_without_target", "A reaction needs the id of the message it applies to.");
                    }

                    if (reaction.Removed)
                    {
                        requests.Add(new GraphSendRequest { Recipient = recipient, SenderAction = Unreact, Payload = new GraphReactionPayload(reaction.Target.Value) });
                    }
                    else if (string.IsNullOrWhiteSpace(reaction.Emoji))
                    {
                        return Refuse("reaction_without_emoji", "A reaction needs an emoji.");
                    }
                    else
                    {
                        requests.Add(new GraphSendRequest
                        {
                            Recipient = recipient,
                            SenderAction = React,
                            Payload = new GraphReactionPayload(reaction.Target.Value) { Reaction = reaction.Emoji },
                        });
                    }

                    break;

                default:
                    return Refuse("unsupported_content", $"Messenger cannot send {Describe(part)} content.");
            }
        }

        if (quickReplies is not null)
        {
            if (lastText < 0)
            {
                return Refuse("quick_replies_without_text", "Quick replies need a text message to go under.");
            }

            if (quickReplies.Count > FacebookDefaults.MaxQuickReplies)
            {
                return Refuse(
                    "too_many_quick_replies",
                    string.Create(CultureInfo.InvariantCulture, $"The message offers {quickReplies.Count} quick replies; Messenger allows at most {FacebookDefaults.MaxQuickReplies}."));
            }

            var last = requests[lastText];
            requests[lastText] = last with { Message = last.Message! with { QuickReplies = quickReplies } };
        }

        if (requests.Count == 0)
        {
            return Refuse("empty", "The message has nothing Messenger can send.");
        }

        if (recipient.IsPrivateReply && requests.Count > 1)
        {
            // Graph accepts one private reply per comment or post; the rest would fail after the first went out.
            return Refuse(
                "private_reply_single_message",
                string.Create(CultureInfo.InvariantCulture, $"A private reply is one message (text or one attachment); this one needs {requests.Count}."));
        }

        return null;
    }

    private static GraphSendRequest Message(GraphRecipient recipient, string messagingType, string? tag, GraphMessage message) =>
        new() { Recipient = recipient, MessagingType = messagingType, Tag = tag, Message = message };

    private static ChannelError? TooLong(string text, string what) =>
        text.Length > FacebookDefaults.MaxMessageTextLength
            ? Refuse(
                "text_too_long",
                string.Create(CultureInfo.InvariantCulture, $"The {what} has {text.Length} characters; Messenger allows at most {FacebookDefaults.MaxMessageTextLength} and SocialCare does not cut messages."))
            : null;

    private static string? MediaType(MediaKind kind) => kind switch
    {
        MediaKind.Image => "image",
        MediaKind.Audio => "audio",
        MediaKind.Video => "video",
        MediaKind.Document => "file",
        _ => null,
    };

    private static bool IsWebAddress(Uri? url) =>
        url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);

    private static string Describe(MessagePart part) => part switch
    {
        MediaPart media => media.MediaKind.ToString().ToLowerInvariant(),
        LocationPart => "location",
        ContactPart => "contact",
        ChoicePart choice => choice.ChoiceKind switch
        {
            ChoiceKind.QuickReply => "quick reply",
            ChoiceKind.Button => "button",
            ChoiceKind.Postback => "postback",
            ChoiceKind.ListItem => "list item",
            _ => "choice",
        },
        ReactionPart => "reaction",
        UnsupportedPart unsupported => $"unsupported ({unsupported.RawType})",
        TextPart => "text",
        _ => part.GetType().Name,
    };

    private static ChannelError Refuse(string reason, string message) =>
        new("refused_" + reason, message) { Kind = ChannelErrorKind.Refused };
}
