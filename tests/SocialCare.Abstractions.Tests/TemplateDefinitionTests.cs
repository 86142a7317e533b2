namespace SocialCare.Abstractions.Tests;

public class TemplateDefinitionTests
{
    private static readonly TemplateDefinition Shipping = new("order_shipped", "it")
    {
        Header = TemplateHeaderFormat.Image,
        BodyParameters = 2,
        Buttons = [new TemplateButtonDefinition("url") { HasParameter = true, Text = "Traccia" }, new TemplateButtonDefinition("quick_reply") { Text = "Grazie" }],
    };

    private static MessageTemplate Filled(params TemplateComponent[] components) => new("order_shipped", "it") { Components = components };

    private static TemplateComponent Header(TemplateParameterKind kind = TemplateParameterKind.Image) => new(TemplateComponentType.Header) { Parameters = [new(kind, "https://cdn.example/p.jpg")] };

    private static TemplateComponent Body(int count) => new(TemplateComponentType.Body) { Parameters = [.. Enumerable.Range(1, count).Select(i => new TemplateParameter(TemplateParameterKind.Text, $"v{i}"))] };

    private static TemplateComponent Button(int index, int parameters = 1) => new(TemplateComponentType.Button)
    {
        ButtonIndex = index,
        ButtonSubType = "url",
        Parameters = [.. Enumerable.Range(1, parameters).Select(_ => new TemplateParameter(TemplateParameterKind.Text, "48213"))],
    };

    [Fact]
    public void Check_CorrectlyFilled_Passes() => Assert.Null(Shipping.Check(Filled(Header(), Body(2), Button(0))));

    [Theory]
    [InlineData("order_shipped", "IT", true)]
    [InlineData("order_shipped", "en_US", false)]
    [InlineData("Order_Shipped", "it", false)]
    public void Matches_NameExactly_LanguageIgnoringCase(string name, string language, bool expected)
        => Assert.Equal(expected, Shipping.Matches(new MessageTemplate(name, language)));

    public static TheoryData<TemplateComponent[], string> Misfits => new()
    {
        { [Body(2), Button(0)], "header" },
        { [Header(TemplateParameterKind.Video), Body(2), Button(0)], "image" },
        { [Header(), Body(1), Button(0)], "body" },
        { [Header(), Body(3), Button(0)], "body" },
        { [Header(), Body(2)], "Button 0" },
        { [Header(), Body(2), Button(0), Button(1)], "Button 1" },
        { [Header(), Body(2), Button(0, parameters: 2)], "Button 0" },
        { [Header(), Body(2), Button(0), Button(0)], "Button 0" },
        { [Header(), Body(2), Button(5)], "button(s)" },
        { [Header(), Header(), Body(2), Button(0)], "at most one header" },
    };

    [Theory]
    [MemberData(nameof(Misfits))]
    public void Check_Misfit_SaysWhatIsWrong(TemplateComponent[] components, string expected)
    {
        var problem = Shipping.Check(Filled(components));

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OtherTemplate_SaysSo()
        => Assert.Contains("not 'order_shipped'", Shipping.Check(new MessageTemplate("hello", "it")), StringComparison.Ordinal);

    [Fact]
    public void Check_TextHeaderWithOneParameter_NeedsText()
    {
        var definition = new TemplateDefinition("greeting", "en") { Header = TemplateHeaderFormat.Text, HeaderParameters = 1 };

        Assert.Null(definition.Check(new MessageTemplate("greeting", "en") { Components = [new TemplateComponent(TemplateComponentType.Header) { Parameters = [new(TemplateParameterKind.Text, "Ann")] }] }));
        Assert.NotNull(definition.Check(new MessageTemplate("greeting", "en") { Components = [Header()] }));
        Assert.NotNull(definition.Check(new MessageTemplate("greeting", "en")));
    }
}
