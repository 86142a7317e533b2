using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace SocialCare.Samples.Inbox.Tests;

/// <summary>
/// The inbox in a real browser: Playwright drives Debian's headless Chromium (<c>/usr/bin/chromium</c>) through it. CI
/// installs the browser and sets <c>SOCIALCARE_REQUIRE_BROWSER=1</c>, which turns a missing browser into a failure;
/// elsewhere the test is skipped without one.
/// </summary>
public sealed class BrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [SkippableFact]
    public async Task Inbox_OpenATicket_SendAReply_SeeItInTheTimelineWithItsStatus()
    {
        SkipWithoutBrowser();
        await using var inbox = await InboxTestApp.StartAsync();
        const string giulia = "393471234567";
        Assert.Equal(200, (await inbox.Driver.WhatsAppTextAsync(giulia, "Giulia Rossi", "Ciao! Il mio ordine 48213 non è ancora arrivato.")).StatusCode);
        var ticket = await inbox.SingleTicketAsync("whatsapp");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.SetDefaultTimeout(15000);

        await page.GotoAsync(inbox.BaseAddress.ToString());
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveTextAsync("live");
        var item = page.Locator($"[data-testid=ticket-item][data-ticket-id='{ticket.Str("id")}']");
        await Assertions.Expect(item).ToContainTextAsync("Giulia Rossi");

        // A second customer writes while the page is open: the list updates without a reload.
        await inbox.Driver.XDirectMessageAsync("1790000000000000102", "tombaker_uk", "Tom Baker", "Hi, I was charged twice.");
        await Assertions.Expect(page.Locator("[data-testid=ticket-item][data-channel=x]")).ToHaveCountAsync(1);

        await item.ClickAsync();
        await Assertions.Expect(page.GetByTestId("ticket-subject")).ToHaveTextAsync("Ciao! Il mio ordine 48213 non è ancora arrivato.");
        await Assertions.Expect(page.GetByTestId("reply-options")).ToContainTextAsync("Free text until");
        await page.GetByTestId("reply-text").FillAsync("Ciao Giulia! Il pacco arriva domani.");
        await page.GetByTestId("reply-send").ClickAsync();

        var reply = page.Locator("[data-testid=message][data-direction=Outbound]", new PageLocatorOptions { HasText = "Il pacco arriva domani." });
        await Assertions.Expect(reply).ToHaveCountAsync(1);
        await Assertions.Expect(reply.GetByTestId("message-status")).ToHaveTextAsync("sent");
        await Assertions.Expect(page.GetByTestId("reply-text")).ToHaveValueAsync(string.Empty);

        // The network reports it delivered: the timeline shows it live.
        var sent = await Eventually.GetAsync(
            async () => (await inbox.TicketAsync(ticket.Str("id"))).Objects("messages").FirstOrDefault(m => m.Str("direction") == "Outbound" && (string?)m["networkId"] is not null),
            what: "the reply's network id");
        await inbox.Driver.WhatsAppStatusesAsync(sent.Str("networkId"), giulia, "delivered");
        await Assertions.Expect(reply.GetByTestId("message-status")).ToHaveTextAsync("delivered");
        await Assertions.Expect(page.GetByTestId("emulator-requests")).ToContainTextAsync("Il pacco arriva domani.");

        // An internal note is told apart from the reply.
        await page.GetByTestId("tab-note").ClickAsync();
        await page.GetByTestId("note-text").FillAsync("Corriere AC-553 in ritardo.");
        await page.GetByTestId("note-add").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=message][data-visibility=Internal]")).ToContainTextAsync("Corriere AC-553 in ritardo.");

        var screenshot = Path.Combine(ArtifactsFolder(), "inbox.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 0);
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task Inbox_SuggestsAnswers_InsertsACannedAnswer_AndShowsTheRating_AndTheListeningMentions()
    {
        SkipWithoutBrowser();
        await using var inbox = await InboxTestApp.StartAsync();
        const string giulia = "393471234567";
        await inbox.Driver.WhatsAppTextAsync(giulia, "Giulia Rossi", "Ciao! Il mio ordine 48213 non è ancora arrivato.");
        var ticket = await inbox.SingleTicketAsync("whatsapp");
        var publisher = inbox.App.Services.GetRequiredService<SocialCare.Abstractions.IInboundEventPublisher>();
        await SocialCare.Samples.Inbox.Demo.DemoListening.PublishAsync(publisher, TimeProvider.System, default);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.SetDefaultTimeout(15000);
        await page.GotoAsync(inbox.BaseAddress.ToString());
        await Assertions.Expect(page.GetByTestId("csat")).ToHaveTextAsync("CSAT: no ratings yet");

        // The mentions listening recorded, with their rule and tone; the unhappy one became a ticket instead.
        await Assertions.Expect(page.GetByTestId("mention")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("listening-list")).ToContainTextAsync("Lovely design");
        await Assertions.Expect(page.GetByTestId("listening-list")).ToContainTextAsync("rule brand");

        // The ticket suggests the order answer; a click puts it, filled in, in the reply box.
        await page.Locator($"[data-testid=ticket-item][data-ticket-id='{ticket.Str("id")}']").ClickAsync();
        var suggestion = page.Locator("[data-testid=suggestion][data-answer=order-status]");
        await Assertions.Expect(suggestion).ToHaveTextAsync("Where is my order?");
        await suggestion.ClickAsync();
        await Assertions.Expect(page.GetByTestId("reply-text")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Ciao Giulia! Ho controllato il tuo ordine"));

        // Any canned answer can be picked from the list instead.
        await page.GetByTestId("canned-select").SelectOptionAsync("refund");
        await page.GetByTestId("canned-insert").ClickAsync();
        await Assertions.Expect(page.GetByTestId("reply-text")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Mi dispiace Giulia! Ti rimborsiamo subito"));
        await page.GetByTestId("reply-send").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=message][data-direction=Outbound]", new PageLocatorOptions { HasText = "Ti rimborsiamo subito" })).ToHaveCountAsync(1);

        // Resolved, the customer is asked for a rating and gives 4: the ticket and the CSAT line show it.
        await page.GetByTestId("state-select").SelectOptionAsync("Resolved");
        await Assertions.Expect(page.GetByTestId("ticket-satisfaction")).ToHaveTextAsync("Satisfaction survey sent");
        await inbox.Driver.WhatsAppTextAsync(giulia, "Giulia Rossi", "4");
        await Assertions.Expect(page.GetByTestId("ticket-satisfaction")).ToHaveTextAsync("Rated 4/5");
        await Assertions.Expect(page.GetByTestId("csat-score")).ToHaveTextAsync("100%");
        await Assertions.Expect(page.GetByTestId("csat")).ToContainTextAsync("average 4.0/5 from 1 rating (100% of 1 asked)");

        var screenshot = Path.Combine(ArtifactsFolder(), "inbox-care.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.Empty(errors);
    }

    [SkippableFact]
    public async Task Inbox_LinksAndUnlinksAnIdentity_MergesTwoCustomers_AndUndoesTheMerge()
    {
        SkipWithoutBrowser();
        await using var inbox = await InboxTestApp.StartAsync();
        const string giulia = "393471234567";
        await inbox.Driver.WhatsAppTextAsync(giulia, "Giulia Rossi", "Ciao! Il mio ordine 48213 non è ancora arrivato.");
        var ticket = await inbox.SingleTicketAsync("whatsapp");
        await inbox.Driver.XDirectMessageAsync("1790000000000000102", "tombaker_uk", "Tom Baker", "Hi, I was charged twice.");
        await inbox.SingleTicketAsync("x");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1100 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.SetDefaultTimeout(15000);
        await page.GotoAsync(inbox.BaseAddress.ToString());
        await Assertions.Expect(page.GetByTestId("ticket-item")).ToHaveCountAsync(2);
        await page.Locator($"[data-testid=ticket-item][data-ticket-id='{ticket.Str("id")}']").ClickAsync();
        await page.Locator("[data-testid=customer-panel] summary").ClickAsync();
        var identities = page.GetByTestId("customer-identity");
        await Assertions.Expect(identities).ToHaveCountAsync(1);
        await Assertions.Expect(identities).ToContainTextAsync("WhatsApp · Giulia Rossi");

        // Giulia's X account is linked, with a reason kept in the history; then unlinked again.
        await page.GetByTestId("link-channel").SelectOptionAsync("x");
        await page.GetByTestId("link-key").FillAsync("1790000000000000777");
        await page.GetByTestId("customer-reason").FillAsync("she told us her X account");
        await page.GetByTestId("link-add").ClickAsync();
        await Assertions.Expect(identities).ToHaveCountAsync(2);
        var history = page.GetByTestId("customer-history-entry");
        await Assertions.Expect(history.First).ToContainTextAsync("linked X 1790000000000000777");
        await Assertions.Expect(history.First).ToContainTextAsync("she told us her X account");
        await page.Locator("[data-testid=customer-identity][data-channel=x] [data-testid=identity-unlink]").ClickAsync();
        await Assertions.Expect(identities).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=customer-history-entry][data-action=Unlinked]")).ToHaveCountAsync(1);

        // Merged into the other customer: her identity moves there; the merge is undone from the page.
        await page.GetByTestId("merge-into").SelectOptionAsync(new SelectOptionValue { Label = "Tom Baker" });
        await page.GetByTestId("merge-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("customer-merged")).ToContainTextAsync("Merged into Tom Baker");
        await Assertions.Expect(identities).ToHaveCountAsync(0);
        var customerId = (string)(await inbox.TicketAsync(ticket.Str("id")))["customer"]!["id"]!;
        var merged = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(inbox.Http, $"/api/customers/{customerId}");
        Assert.NotNull((string?)merged!["mergedInto"]);

        await page.GetByTestId("customer-unmerge").ClickAsync();
        await Assertions.Expect(page.GetByTestId("customer-merged")).ToBeHiddenAsync();
        await Assertions.Expect(identities).ToHaveCountAsync(1);
        await Assertions.Expect(identities).ToContainTextAsync("WhatsApp · Giulia Rossi");
        await Assertions.Expect(page.Locator("[data-testid=customer-history-entry][data-action=MergeUndone]")).ToHaveCountAsync(1);

        var screenshot = Path.Combine(ArtifactsFolder(), "inbox-customer.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.Empty(errors);
    }

    /// <summary>Skips without a browser, unless CI requires one (<c>SOCIALCARE_REQUIRE_BROWSER=1</c>): then it fails.</summary>
    private static void SkipWithoutBrowser()
    {
        var required = Environment.GetEnvironmentVariable("SOCIALCARE_REQUIRE_BROWSER") == "1";
        if (!File.Exists(ChromiumPath))
        {
            Assert.False(required, $"SOCIALCARE_REQUIRE_BROWSER=1 but there is no browser at {ChromiumPath}: install Debian's chromium package (apt-get install chromium).");
            throw new SkipException($"No browser at {ChromiumPath}; install Debian's chromium package to run this test.");
        }
    }

    /// <summary>Debian's Chromium, headless, with the flags this machine needs.</summary>
    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });

    /// <summary>The test results folder at the repository root (TestResults/, beside the TRX files), or the output folder.</summary>
    private static string ArtifactsFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SocialCare.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        var folder = Path.Combine(directory?.FullName ?? AppContext.BaseDirectory, "TestResults", "inbox-browser");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
