using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocialCare.Channels.Facebook;

// Graph API bodies of the Messenger Send API and the comment edges (meta.md §5, §6.3). Property names become
// snake_case through FacebookJsonContext; nulls are left out of requests.

/// <summary>Who a Send API call goes to: a Messenger user (PSID), or a comment or visitor post for a private reply.</summary>
/// <remarks>Exactly one property is set; use the factory methods.</remarks>
internal sealed record GraphRecipient
{
    /// <summary>Gets the Page-scoped id (PSID) of a Messenger user.</summary>
    public string? Id { get; init; }

    /// <summary>Gets the id of a comment to answer privately.</summary>
    public string? CommentId { get; init; }

    /// <summary>Gets the id of a visitor post to answer privately.</summary>
    public string? PostId { get; init; }

    /// <summary>Gets a value indicating whether this is a private reply (to a comment or a visitor post) rather than a user.</summary>
    [JsonIgnore]
    public bool IsPrivateReply => CommentId is not null || PostId is not null;

    /// <summary>Addresses a Messenger user by PSID.</summary>
    public static GraphRecipient User(string psid)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(psid);
        return new() { Id = psid };
    }

    /// <summary>Addresses the author of a comment, privately.</summary>
    public static GraphRecipient Comment(string commentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commentId);
        return new() { CommentId = commentId };
    }

    /// <summary>Addresses the author of a visitor post, privately.</summary>
    public static GraphRecipient Post(string postId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(postId);
        return new() { PostId = postId };
    }
}

/// <summary>The body of <c>POST /{page-id}/messages</c>: a message, or a sender action (typing, seen, reaction).</summary>
internal sealed record GraphSendRequest
{
    /// <summary>Gets the recipient.</summary>
    public required GraphRecipient Recipient { get; init; }

    /// <summary>Gets <c>RESPONSE</c>, <c>UPDATE</c> or <c>MESSAGE_TAG</c>; messages only.</summary>
    public string? MessagingType { get; init; }

    /// <summary>Gets the message tag (<c>HUMAN_AGENT</c>) when <see cref="MessagingType"/> is <c>MESSAGE_TAG</c>.</summary>
    public string? Tag { get; init; }

    /// <summary>Gets the message; never set together with <see cref="SenderAction"/>.</summary>
    public GraphMessage? Message { get; init; }

    /// <summary>Gets <c>typing_on</c>, <c>typing_off</c>, <c>mark_seen</c>, <c>react</c> or <c>unreact</c>.</summary>
    public string? SenderAction { get; init; }

    /// <summary>Gets what a <c>react</c> or <c>unreact</c> action applies to.</summary>
    public GraphReactionPayload? Payload { get; init; }
}

/// <summary>A Messenger message: text or one attachment (never both), optional quick replies and metadata.</summary>
internal sealed record GraphMessage
{
    /// <summary>Gets the text (at most 2,000 characters).</summary>
    public string? Text { get; init; }

    /// <summary>Gets the attachment.</summary>
    public GraphAttachment? Attachment { get; init; }

    /// <summary>Gets the quick replies offered under the message (at most 13).</summary>
    public IReadOnlyList<GraphQuickReply>? QuickReplies { get; init; }

    /// <summary>Gets the metadata Messenger echoes back (at most 1,000 characters).</summary>
    public string? Metadata { get; init; }
}

/// <summary>A message attachment.</summary>
/// <param name="Type"><c>image</c>, <c>audio</c>, <c>video</c> or <c>file</c>.</param>
/// <param name="Payload">Where the content comes from.</param>
internal sealed record GraphAttachment(string Type, GraphAttachmentPayload Payload);

/// <summary>The source of an attachment: a URL Meta downloads, or the id of an attachment uploaded before.</summary>
internal sealed record GraphAttachmentPayload
{
    /// <summary>Gets the address Meta downloads the content from.</summary>
    public string? Url { get; init; }

    /// <summary>Gets a value indicating whether Meta should keep the upload for reuse; set with <see cref="Url"/>.</summary>
    public bool? IsReusable { get; init; }

    /// <summary>Gets the id of an attachment uploaded earlier.</summary>
    public string? AttachmentId { get; init; }
}

/// <summary>A quick reply offered under a message.</summary>
/// <param name="ContentType">Always <c>text</c> here.</param>
/// <param name="Title">The button text (at most 20 characters).</param>
/// <param name="Payload">What the webhook returns when the customer taps it.</param>
internal sealed record GraphQuickReply(string ContentType, string Title, string Payload);

/// <summary>The payload of a <c>react</c> or <c>unreact</c> sender action.</summary>
/// <param name="MessageId">The message reacted to.</param>
internal sealed record GraphReactionPayload(string MessageId)
{
    /// <summary>Gets the emoji; <see langword="null"/> for <c>unreact</c>.</summary>
    public string? Reaction { get; init; }
}

/// <summary>The answer to a Send API call.</summary>
internal sealed record GraphSendResponse
{
    /// <summary>Gets the recipient's PSID (absent for some recipients).</summary>
    public string? RecipientId { get; init; }

    /// <summary>Gets the id of the message sent (absent for typing and seen actions).</summary>
    public string? MessageId { get; init; }
}

/// <summary>The body of <c>POST /{comment-id}/comments</c>: a public reply.</summary>
internal sealed record GraphCommentRequest
{
    /// <summary>Gets the reply's text.</summary>
    public string? Message { get; init; }

    /// <summary>Gets the address of an image to attach.</summary>
    public string? AttachmentUrl { get; init; }

    /// <summary>Gets the id of an unpublished photo to attach.</summary>
    public string? AttachmentId { get; init; }
}

/// <summary>The answer to a call that creates an object: its id.</summary>
internal sealed record GraphIdResponse
{
    /// <summary>Gets the new object's id.</summary>
    public string? Id { get; init; }
}

/// <summary>The body of <c>POST /{comment-id}</c> that hides or shows a comment.</summary>
/// <param name="IsHidden">Whether the comment is hidden.</param>
internal sealed record GraphHideCommentRequest(bool IsHidden);

/// <summary>The answer to an update or delete: <c>{"success":true}</c>.</summary>
internal sealed record GraphSuccessResponse
{
    /// <summary>Gets a value indicating whether Graph applied the change; <see langword="null"/> when it did not say.</summary>
    [JsonConverter(typeof(LenientBooleanConverter))]
    public bool? Success { get; init; }
}

/// <summary>Reads an integer from a number or a numeric string; anything else reads as <see langword="null"/>.</summary>
internal sealed class LenientInt32Converter : JsonConverter<int?>
{
    public override bool HandleNull => true;

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetInt32(out var number) ? number : null;
            case JsonTokenType.String:
                return int.TryParse(reader.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>Reads a boolean from <c>true</c>/<c>false</c>, <c>"true"</c>/<c>"false"</c> or <c>0</c>/<c>1</c>; anything else reads as <see langword="null"/>.</summary>
internal sealed class LenientBooleanConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var number) ? number != 0 : null;
            case JsonTokenType.String:
                return bool.TryParse(reader.GetString(), out var parsed) ? parsed : null;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteBooleanValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>Reads a string from a string, or from a number or boolean as written; objects and arrays read as <see langword="null"/>.</summary>
internal sealed class LenientStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
