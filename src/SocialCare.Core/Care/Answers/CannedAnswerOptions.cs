namespace SocialCare.Core;

/// <summary>The canned answers and FAQ (configuration section <c>SocialCare:Answers</c>).</summary>
public sealed class CannedAnswerOptions
{
    /// <summary>Gets the answers, each with a unique <see cref="CannedAnswer.Name"/>.</summary>
    public IList<CannedAnswer> Items { get; } = [];

    /// <summary>Gets or sets the language used when neither the customer's language nor the message's is known.</summary>
    /// <value>The default is <c>en</c>.</value>
    public string DefaultLanguage { get; set; } = "en";

    /// <summary>Gets or sets how many suggestions are offered for a message.</summary>
    /// <value>The default is 3. Between 1 and 20.</value>
    public int MaxSuggestions { get; set; } = 3;

    /// <summary>Gets or sets the lowest score (0 to 1) a suggestion needs.</summary>
    /// <value>The default is 0.25.</value>
    public double MinimumScore { get; set; } = 0.25;
}

/// <summary>
/// A named answer to a question customers ask often (price, where to buy, opening hours), with its text per language
/// and channel, the words and sample questions that suggest it, and the approved template to send instead where only
/// templates may be sent (WhatsApp outside the 24-hour window).
/// </summary>
/// <remarks>
/// Texts may hold placeholders: <c>{customer.firstName}</c>, <c>{customer.name}</c>, <c>{agent.name}</c>,
/// <c>{agent.firstName}</c>, <c>{ticket.id}</c>, <c>{channel}</c>, and any other name an <see cref="ICannedAnswerValues"/>
/// of the host fills (<c>{order.status}</c>, say). <c>{{</c> and <c>}}</c> write braces.
/// </remarks>
public sealed class CannedAnswer
{
    /// <summary>Gets or sets the answer's name, unique among the answers (for example <c>opening-hours</c>).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets a title for people choosing an answer; the name when not set.</summary>
    public string? Title { get; set; }

    /// <summary>
    /// Gets the texts: by language (<c>it</c>, <c>en</c>), by language and channel (<c>it:x</c>, for a shorter text on X),
    /// and <c>*</c> for any other language. At least one is required.
    /// </summary>
    public IDictionary<string, string> Texts { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the words and phrases that suggest the answer (any language; case and accents are ignored).</summary>
    public IList<string> Keywords { get; } = [];

    /// <summary>Gets sample questions the answer answers, in each language (the FAQ): a message like one of them suggests it.</summary>
    public IList<string> Questions { get; } = [];

    /// <summary>Gets or sets the approved template sent instead of the text where only templates may be sent; none by default.</summary>
    public CannedAnswerTemplate? Template { get; set; }

    /// <summary>Gets or sets a value indicating whether the built-in FAQ auto-responder may send this answer on its own.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Automatic { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether the answer, sent automatically, resolves the ticket.</summary>
    /// <value>The default is <see langword="false"/>: a person still looks at the ticket.</value>
    public bool Resolves { get; set; }
}

/// <summary>The approved template that stands for a <see cref="CannedAnswer"/> where only templates may be sent.</summary>
public sealed class CannedAnswerTemplate
{
    /// <summary>Gets or sets the template's name as approved by the network.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets the template's language code per answer language (<c>it</c> → <c>it</c>, <c>en</c> → <c>en_US</c>); the answer's language when missing.</summary>
    public IDictionary<string, string> Languages { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the body's parameters in order, each a text with placeholders (for example <c>{customer.firstName}</c>).</summary>
    public IList<string> BodyParameters { get; } = [];
}
