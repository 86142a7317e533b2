using Microsoft.Extensions.Options;
using SocialCare.Core.Tests.Engine;

namespace SocialCare.Core.Tests.Care.Answers;

/// <summary>Canned answers: suggestions in Italian and English, placeholders, channel variants, templates outside the window.</summary>
public sealed class CannedAnswerTests
{
    internal static void Configure(SocialCareOptions o)
    {
        var shipping = new CannedAnswer { Name = "shipping-cost", Title = "Shipping cost" };
        shipping.Texts["it"] = "Ciao {customer.firstName}! La spedizione in Italia è gratuita sopra i 50 €. {agent.firstName}";
        shipping.Texts["en"] = "Hi {customer.firstName}! Shipping is free on orders over €50.";
        shipping.Texts["en:x"] = "Free shipping over €50 🚚";
        shipping.Keywords.Add("spedizione");
        shipping.Keywords.Add("shipping");
        shipping.Questions.Add("Quanto costa la spedizione?");
        shipping.Questions.Add("How much is shipping?");
        shipping.Template = new CannedAnswerTemplate { Name = "shipping_info" };
        shipping.Template.Languages["en"] = "en_US";
        shipping.Template.BodyParameters.Add("{customer.firstName}");
        shipping.Template.BodyParameters.Add("50 €");

        var hours = new CannedAnswer { Name = "opening-hours", Resolves = true };
        hours.Texts["it"] = "Siamo aperti dal lunedì al sabato, 9–19.";
        hours.Texts["*"] = "We are open Monday to Saturday, 9am–7pm.";
        hours.Keywords.Add("orari");
        hours.Keywords.Add("opening hours");
        hours.Questions.Add("A che ora aprite?");
        hours.Questions.Add("What are your opening hours?");

        var where = new CannedAnswer { Name = "where-to-buy", Automatic = false };
        where.Texts["*"] = "Find your nearest shop: {store.finder} (order {order.number})";
        where.Keywords.Add("negozio");
        where.Keywords.Add("where to buy");
        where.Questions.Add("Dove posso comprare il Nimbus?");
        where.Questions.Add("Where can I buy the Nimbus?");

        o.Answers.Items.Add(shipping);
        o.Answers.Items.Add(hours);
        o.Answers.Items.Add(where);
    }

    [Theory]
    [InlineData("Buongiorno, quanto costano le spedizioni per Milano?", "shipping-cost")]
    [InlineData("how much do you charge for shipping to the UK", "shipping-cost")]
    [InlineData("A che ora aprite sabato?", "opening-hours")]
    [InlineData("What are the opening hours on Sunday?", "opening-hours")]
    [InlineData("In quale negozio posso trovarlo? Perché qui non c'è", "where-to-buy")]
    [InlineData("Where can I buy a Nimbus near Leeds?", "where-to-buy")]
    public async Task Suggestions_FindTheAnswer_InItalianAndEnglish_BestFirst(string text, string expected)
    {
        await using var harness = new EngineHarness(Configure);
        var answers = harness.Services.GetRequiredService<ICannedAnswers>();

        var suggestions = answers.Suggest(text);

        Assert.NotEmpty(suggestions);
        Assert.Equal(expected, suggestions[0].Answer.Name);
        Assert.InRange(suggestions[0].Score, 0.25, 1);
        Assert.True(suggestions.Zip(suggestions.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public async Task AMessageAboutNothingKnown_GetsNoSuggestion()
    {
        await using var harness = new EngineHarness(Configure);
        var answers = harness.Services.GetRequiredService<ICannedAnswers>();

        Assert.Empty(answers.Suggest("Ciao! Tutto bene?"));
        Assert.Empty(answers.Suggest("   "));
        Assert.Equal(["shipping-cost", "opening-hours", "where-to-buy"], answers.Answers.Select(a => a.Name));
    }

    [Fact]
    public async Task Rendering_FillsPlaceholders_InTheCustomersLanguage_WithTheHostsValues()
    {
        await using var harness = new EngineHarness(Configure, b => b.Services.AddSingleton<ICannedAnswerValues>(new OrderValues()));
        harness.Agents.Upsert(new Agent(new AgentId("giorgia"), "Giorgia Bianchi"));
        var ticket = await harness.SayAsync("giulia", "Quanto costa la spedizione?");
        var customer = (await harness.Customers.GetAsync(ticket.Customer, default))!;
        await harness.Customers.UpdateAsync(customer with { DisplayName = "Giulia Rossi" }, default);
        var answers = harness.Services.GetRequiredService<ICannedAnswers>();

        Assert.Equal("shipping-cost", (await answers.SuggestAsync(ticket.Id))[0].Answer.Name);
        var rendered = await answers.RenderAsync("shipping-cost", ticket.Id, new AgentId("giorgia"));

        Assert.Equal(("it", ReplyMode.FreeText, (string?)null), (rendered.Language, rendered.Mode, rendered.Problem));
        Assert.Equal("Ciao Giulia! La spedizione in Italia è gratuita sopra i 50 €. Giorgia", ((TextPart)Assert.Single(rendered.Parts)).Text);
        Assert.Empty(rendered.MissingPlaceholders);

        var where = await answers.RenderAsync("where-to-buy", ticket.Id, null);
        Assert.Equal($"Find your nearest shop: https://shop.example/stores (order )", ((TextPart)where.Parts[0]).Text);
        Assert.Equal(["order.number"], where.MissingPlaceholders);

        // Sent as the agent's reply, through the engine.
        var reply = await harness.Engine.ReplyAsync(new ReplyRequest(ticket.Id, new AgentId("giorgia"), rendered.Parts));
        Assert.True(reply.Succeeded, reply.Error);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => answers.RenderAsync("no-such-answer", ticket.Id, null));
    }

    [Fact]
    public async Task Rendering_TakesTheChannelsVariant_AndTheCustomersStoredLanguage()
    {
        await using var harness = new EngineHarness(Configure);
        var ticket = await harness.SayAsync("brit", "shipping??", Channels.X);
        var answers = harness.Services.GetRequiredService<ICannedAnswers>();

        Assert.Equal("Free shipping over €50 🚚", ((TextPart)(await answers.RenderAsync("shipping-cost", ticket.Id, null)).Parts[0]).Text);

        var customer = (await harness.Customers.GetAsync(ticket.Customer, default))!;
        await harness.Customers.UpdateAsync(customer with { Language = "it-IT" }, default);
        Assert.Equal("Siamo aperti dal lunedì al sabato, 9–19.", ((TextPart)(await answers.RenderAsync("opening-hours", ticket.Id, null)).Parts[0]).Text);
    }

    [Fact]
    public async Task OnWhatsAppOutsideTheWindow_TheMappedTemplateIsRendered_OrTheProblemIsSaid()
    {
        await using var harness = new EngineHarness(Configure);
        var ticket = await harness.SayAsync("447700900123", "How much is shipping to London?", ChannelId.WhatsApp);
        var customer = (await harness.Customers.GetAsync(ticket.Customer, default))!;
        await harness.Customers.UpdateAsync(customer with { DisplayName = "Oliver Smith" }, default);
        harness.Time.Advance(TimeSpan.FromHours(25));
        var answers = harness.Services.GetRequiredService<ICannedAnswers>();

        var rendered = await answers.RenderAsync("shipping-cost", ticket.Id, null);

        Assert.Equal(ReplyMode.TemplateRequired, rendered.Mode);
        Assert.Empty(rendered.Parts);
        Assert.Equal(("shipping_info", "en_US"), (rendered.Template!.Name, rendered.Template.Language));
        Assert.Equal(["Oliver", "50 €"], Assert.Single(rendered.Template.Components).Parameters.Select(p => p.Value));

        var unmapped = await answers.RenderAsync("opening-hours", ticket.Id, null);
        Assert.Null(unmapped.Template);
        Assert.Contains("maps to none", unmapped.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name", "SocialCare:Answers:Items:1:Name")]
    [InlineData("texts", "SocialCare:Answers:Items:0:Texts")]
    [InlineData("template", "SocialCare:Answers:Items:0:Template:Name")]
    [InlineData("score", "SocialCare:Answers:MinimumScore")]
    public void WrongAnswers_FailAtStartNamingTheOption(string fault, string key)
    {
        var services = new ServiceCollection();
        services.AddSocialCare(o =>
        {
            Configure(o);
            switch (fault)
            {
                case "name": o.Answers.Items[1].Name = "SHIPPING-cost"; break;
                case "texts": o.Answers.Items[0].Texts.Clear(); break;
                case "template": o.Answers.Items[0].Template!.Name = " "; break;
                default: o.Answers.MinimumScore = 2; break;
            }
        });
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SocialCareOptions>>().Value);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private sealed class OrderValues : ICannedAnswerValues
    {
        public ValueTask<string?> GetValueAsync(string placeholder, CannedAnswerContext context, CancellationToken cancellationToken)
            => ValueTask.FromResult(placeholder == "store.finder" ? "https://shop.example/stores" : null);
    }
}
