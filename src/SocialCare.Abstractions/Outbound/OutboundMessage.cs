namespace SocialCare.Abstractions;

/// <summary>A message for a channel adapter to send.</summary>
/// <param name="Id">SocialCare's id of the message (the outbox entry), used to match the network's echo and statuses.</param>
/// <param name="Conversation">Where to send it: a private conversation, or a public thread (then <see cref="ReplyTo"/> names the comment or post answered).</param>
/// <param name="Parts">The content, in order.</param>
public sealed record OutboundMessage(MessageId Id, ConversationRef Conversation, IReadOnlyList<MessagePart> Parts)
{
    /// <summary>Gets the customer to send to, when the conversation's thread alone does not say (a WhatsApp phone number, for example).</summary>
    public Participant? Recipient { get; init; }

    /// <summary>Gets the agent who wrote the message, when a person did.</summary>
    public AgentId? Agent { get; init; }

    /// <summary>Gets the network id of the message, comment or post this one answers, when any.</summary>
    public NetworkMessageId? ReplyTo { get; init; }

    /// <summary>
    /// Gets a value indicating whether to answer the public comment or post in <see cref="ReplyTo"/> privately, in a
    /// direct message to its author (channels with <see cref="ChannelFeatures.PrivateRepliesToPublic"/>).
    /// </summary>
    public bool PrivateReply { get; init; }

    /// <summary>Gets the message tag that permits sending outside the standard reply window (Messenger <c>HUMAN_AGENT</c>), when needed.</summary>
    public string? MessagingTag { get; init; }

    /// <summary>Gets the pre-approved template to send instead of free content (WhatsApp outside the 24-hour window), when needed.</summary>
    public MessageTemplate? Template { get; init; }

    /// <summary>
    /// Gets when the customer last wrote in this conversation, for channels whose reply window runs from it (Messenger,
    /// WhatsApp); <see langword="null"/> when unknown, in which case the adapter leaves the decision to the network.
    /// </summary>
    public DateTimeOffset? CustomerLastMessageAt { get; init; }
}

/// <summary>A pre-approved message template (WhatsApp) with its parameters.</summary>
/// <param name="Name">The template's name as registered with the network.</param>
/// <param name="Language">The template's language code (for example <c>en_US</c>).</param>
public sealed record MessageTemplate(string Name, string Language)
{
    /// <summary>Gets the values for the template's header, body and buttons.</summary>
    public IReadOnlyList<TemplateComponent> Components { get; init; } = [];
}

/// <summary>Which part of a template a component fills.</summary>
public enum TemplateComponentType
{
    /// <summary>The header.</summary>
    Header = 0,

    /// <summary>The body.</summary>
    Body = 1,

    /// <summary>A button.</summary>
    Button = 2,
}

/// <summary>The parameters for one part of a template.</summary>
/// <param name="Type">Which part of the template.</param>
public sealed record TemplateComponent(TemplateComponentType Type)
{
    /// <summary>Gets the parameters, in the template's order.</summary>
    public IReadOnlyList<TemplateParameter> Parameters { get; init; } = [];

    /// <summary>Gets the zero-based index of the button, for <see cref="TemplateComponentType.Button"/>.</summary>
    public int? ButtonIndex { get; init; }

    /// <summary>Gets the button's sub-type as the network names it (for example <c>quick_reply</c> or <c>url</c>).</summary>
    public string? ButtonSubType { get; init; }
}

/// <summary>The kind of value a template parameter carries.</summary>
public enum TemplateParameterKind
{
    /// <summary>Text.</summary>
    Text = 0,

    /// <summary>A button payload.</summary>
    Payload = 1,

    /// <summary>An image, by link or media id.</summary>
    Image = 2,

    /// <summary>A video, by link or media id.</summary>
    Video = 3,

    /// <summary>A document, by link or media id.</summary>
    Document = 4,
}

/// <summary>One value for a template.</summary>
/// <param name="Kind">The kind of value.</param>
/// <param name="Value">The text, payload, link or media id.</param>
public sealed record TemplateParameter(TemplateParameterKind Kind, string Value)
{
    /// <summary>Gets the parameter's name, for templates with named parameters.</summary>
    public string? Name { get; init; }
}
