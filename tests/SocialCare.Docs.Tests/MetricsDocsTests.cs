using System.Reflection;
using System.Text.RegularExpressions;
using SocialCare.Abstractions;
using SocialCare.Docs.Tests.Snippets;
using SocialCare.Testing;

namespace SocialCare.Docs.Tests;

/// <summary>Checks docs/metrics-and-traces.md against <see cref="SocialCareDiagnostics"/> and what the code emits.</summary>
public sealed partial class MetricsDocsTests
{
    private const string Page = "metrics-and-traces.md";

    [Fact]
    public void Page_NamesEveryConstantOfSocialCareDiagnostics()
    {
        var text = Repository.ReadDoc(Page);
        var names = typeof(SocialCareDiagnostics).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!);

        Assert.All(names, name => Assert.Contains($"`{name}`", text, StringComparison.Ordinal));
    }

    [Fact]
    public void Page_NamesNoInstrumentOrTagTheCodeDoesNotHave()
    {
        var known = typeof(SocialCareDiagnostics).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Append("socialcare.webhook")   // the activity's name, given in WebhookPipeline
            .ToHashSet(StringComparer.Ordinal);

        var unknown = SocialCareName().Matches(Repository.ReadDoc(Page)).Select(m => m.Groups["name"].Value)
            .Where(n => !known.Contains(n) && n != "socialcare.webhook.*")
            .Distinct()
            .ToList();

        Assert.Empty(unknown);
    }

    [Fact]
    public async Task ListenerSnippet_OnASignedMessengerMessage_WritesTheLinesThePageShows()
    {
        var output = new StringWriter();
        using var telemetry = new SocialCareTelemetryWriter(output);
        var configuration = DocConfig.Load("getting-started.md", "start-appsettings");
        await using (var app = await DocsApp.StartAsync(configuration, GettingStartedSnippets.BuildApp))
        {
            var driver = new WebhookDriver(app.Webhooks, GettingStartedTests.DriverOptions(configuration));
            Assert.Equal(200, (await driver.MessengerTextAsync("6241839201847562", "Hello")).StatusCode);
        }

        var written = output.ToString().ReplaceLineEndings("\n").Split('\n');
        foreach (var line in DocConfig.Output(Page, "metrics-sample"))
        {
            var pattern = "^" + Regex.Escape(line).Replace(@"12\.3\ ms", @"[0-9]+\.[0-9]\ ms", StringComparison.Ordinal) + "$";
            Assert.True(written.Any(w => Regex.IsMatch(w, pattern)), $"No line like '{line}' in:\n{output}");
        }
    }

    [GeneratedRegex(@"`(?<name>socialcare\.[a-z_.*]+)`")]
    private static partial Regex SocialCareName();
}
