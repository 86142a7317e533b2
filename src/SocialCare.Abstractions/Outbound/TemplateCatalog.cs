using System.Globalization;

namespace SocialCare.Abstractions;

/// <summary>What a template is for, as the network approved it; it decides the price and when it may be sent.</summary>
public enum TemplateCategory
{
    /// <summary>About something the customer asked for or bought: order updates, answers to a request.</summary>
    Utility = 0,

    /// <summary>Promotions and offers.</summary>
    Marketing = 1,

    /// <summary>One-time passwords.</summary>
    Authentication = 2,
}

/// <summary>The kind of header a template has.</summary>
public enum TemplateHeaderFormat
{
    /// <summary>No header.</summary>
    None = 0,

    /// <summary>A text header, with at most one parameter.</summary>
    Text = 1,

    /// <summary>An image, given when the template is sent.</summary>
    Image = 2,

    /// <summary>A video, given when the template is sent.</summary>
    Video = 3,

    /// <summary>A document, given when the template is sent.</summary>
    Document = 4,
}

/// <summary>One button of a template, as approved.</summary>
/// <param name="SubType">The button's kind as the network names it: <c>quick_reply</c>, <c>url</c>, <c>copy_code</c>, <c>phone_number</c>.</param>
public sealed record TemplateButtonDefinition(string SubType)
{
    /// <summary>Gets the button's label, for people choosing a template.</summary>
    public string? Text { get; init; }

    /// <summary>
    /// Gets a value indicating whether the button takes a value when the template is sent (a quick reply's payload, the
    /// variable end of a URL, a code to copy).
    /// </summary>
    public bool HasParameter { get; init; }
}

/// <summary>
/// A template the network approved for a channel account, as the host's template catalogue describes it: what agents
/// may send when only a template is allowed (WhatsApp outside the 24-hour window), and what a send must fill in.
/// </summary>
/// <param name="Name">The template's name as registered with the network.</param>
/// <param name="Language">The language code it was approved in (for example <c>en_US</c> or <c>it</c>).</param>
public sealed record TemplateDefinition(string Name, string Language)
{
    /// <summary>Gets what the template is for.</summary>
    public TemplateCategory Category { get; init; }

    /// <summary>Gets what the template says or is for, for people choosing one (for example its body with <c>{{1}}</c> placeholders).</summary>
    public string? Description { get; init; }

    /// <summary>Gets the kind of header.</summary>
    public TemplateHeaderFormat Header { get; init; }

    /// <summary>Gets how many parameters a text header takes (0 or 1); media headers always take one media parameter.</summary>
    public int HeaderParameters { get; init; }

    /// <summary>Gets how many parameters the body takes.</summary>
    public int BodyParameters { get; init; }

    /// <summary>Gets the buttons, in the template's order (their index is what a button component names).</summary>
    public IReadOnlyList<TemplateButtonDefinition> Buttons { get; init; } = [];

    /// <summary>Tells whether a template message is this template, with the language it was approved in.</summary>
    /// <param name="template">The template message.</param>
    /// <returns><see langword="true"/> when the name matches exactly and the language without regard to case.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="template"/> is <see langword="null"/>.</exception>
    public bool Matches(MessageTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return string.Equals(Name, template.Name, StringComparison.Ordinal)
            && string.Equals(Language, template.Language, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Checks that a template message fills this template correctly: the parameters of the header, the body and each
    /// button that takes one, with nothing extra. The network refuses a mismatch (WhatsApp error <c>132000</c>) after a
    /// round trip; this says why before any call.
    /// </summary>
    /// <param name="template">The template message, which must <see cref="Matches"/> this definition.</param>
    /// <returns><see langword="null"/> when it fits; otherwise what is wrong, in a sentence for people.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="template"/> is <see langword="null"/>.</exception>
    public string? Check(MessageTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (!Matches(template))
        {
            return Invariant($"The template is '{template.Name}' ({template.Language}), not '{Name}' ({Language}).");
        }

        var header = template.Components.Where(c => c.Type == TemplateComponentType.Header).ToList();
        var body = template.Components.Where(c => c.Type == TemplateComponentType.Body).ToList();
        if (header.Count > 1 || body.Count > 1)
        {
            return "A template message has at most one header and one body component.";
        }

        var headerParameters = header.Count == 0 ? [] : header[0].Parameters;
        var expectedHeader = Header switch
        {
            TemplateHeaderFormat.None => 0,
            TemplateHeaderFormat.Text => HeaderParameters,
            _ => 1,
        };
        if (headerParameters.Count != expectedHeader)
        {
            return Invariant($"The header of '{Name}' takes {expectedHeader} parameter(s), but {headerParameters.Count} were given.");
        }

        if (Header is TemplateHeaderFormat.Image or TemplateHeaderFormat.Video or TemplateHeaderFormat.Document
            && headerParameters[0].Kind != MediaParameterKind(Header))
        {
            return Invariant($"The header of '{Name}' is a {Header.ToString().ToLowerInvariant()}; give one {Header.ToString().ToLowerInvariant()} parameter.");
        }

        if (Header == TemplateHeaderFormat.Text && headerParameters.Any(p => p.Kind != TemplateParameterKind.Text))
        {
            return Invariant($"The header of '{Name}' is text; its parameter must be text.");
        }

        var bodyParameters = body.Count == 0 ? 0 : body[0].Parameters.Count;
        if (bodyParameters != BodyParameters)
        {
            return Invariant($"The body of '{Name}' takes {BodyParameters} parameter(s), but {bodyParameters} were given.");
        }

        var filled = new HashSet<int>();
        foreach (var button in template.Components.Where(c => c.Type == TemplateComponentType.Button))
        {
            if (button.ButtonIndex is not { } index || index < 0 || index >= Buttons.Count)
            {
                return Invariant($"'{Name}' has {Buttons.Count} button(s); a button component must name one by its index.");
            }

            if (!Buttons[index].HasParameter || button.Parameters.Count != 1 || !filled.Add(index))
            {
                return Invariant($"Button {index} of '{Name}' takes {(Buttons[index].HasParameter ? "exactly one parameter, once" : "no parameter")}.");
            }
        }

        for (var i = 0; i < Buttons.Count; i++)
        {
            if (Buttons[i].HasParameter && !filled.Contains(i))
            {
                return Invariant($"Button {i} of '{Name}' needs a parameter.");
            }
        }

        return null;
    }

    private static TemplateParameterKind MediaParameterKind(TemplateHeaderFormat header) => header switch
    {
        TemplateHeaderFormat.Image => TemplateParameterKind.Image,
        TemplateHeaderFormat.Video => TemplateParameterKind.Video,
        _ => TemplateParameterKind.Document,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The templates a channel may send, per channel account: implemented by channel adapters with templates (WhatsApp, from
/// the catalogue the host configures), so that the reply policy can say which templates fit a ticket and refuse ones that
/// do not exist before any call.
/// </summary>
/// <remarks>Implementations are thread-safe and answer from memory.</remarks>
public interface ITemplateCatalog
{
    /// <summary>Lists the templates a channel account may send.</summary>
    /// <param name="account">The channel account (a WhatsApp phone number id).</param>
    /// <returns>The templates, in the catalogue's order; empty when none are configured.</returns>
    IReadOnlyList<TemplateDefinition> GetTemplates(ChannelAccountId account);
}
