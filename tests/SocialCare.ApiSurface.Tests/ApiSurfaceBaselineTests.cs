using SocialCare.Abstractions;

namespace SocialCare.ApiSurface.Tests;

// The snapshot test must be able to fail: a changed surface yields a message naming the changed lines.
public class ApiSurfaceBaselineTests
{
    [Fact]
    public void Compare_SameTextWithOtherLineEndings_ReturnsNull()
    {
        Assert.Null(ApiSurfaceBaseline.Compare("P", "type A\n    member\n", "type A\r\n    member\r\n"));
    }

    [Fact]
    public void Compare_ChangedMember_ReportsBothLinesAndHint()
    {
        var baseline = PublicApiWriter.Write(typeof(WebhookRequest).Assembly);
        const string Original = "    public string? GetHeader(string name)";
        var current = baseline.Replace(Original, "    public string GetHeader(string name, bool required)", StringComparison.Ordinal);

        var difference = ApiSurfaceBaseline.Compare("SocialCare.Abstractions", baseline, current);

        Assert.NotNull(difference);
        Assert.Contains(
            "\n public sealed class SocialCare.Abstractions.WebhookRequest\n-" + Original + "\n", difference, StringComparison.Ordinal);
        Assert.Contains("\n+    public string GetHeader(string name, bool required)\n", difference, StringComparison.Ordinal);
        Assert.Contains(ApiSurfaceBaseline.AcceptHint, difference, StringComparison.Ordinal);
        Assert.Equal(2, difference.Split('\n').Count(l => l.StartsWith('-') || l.StartsWith('+')));
    }

    [Fact]
    public void Compare_ManyChanges_CapsTheListedLines()
    {
        var baseline = string.Join('\n', Enumerable.Range(0, 100).Select(i => $"line {i}"));
        var current = string.Join('\n', Enumerable.Range(0, 100).Select(i => $"line {i} changed"));

        var difference = ApiSurfaceBaseline.Compare("P", baseline, current)!;

        Assert.Equal(40, difference.Split('\n').Count(l => l.StartsWith('-') || l.StartsWith('+')));
        Assert.Contains("… and 160 more differing lines", difference, StringComparison.Ordinal);
    }
}
