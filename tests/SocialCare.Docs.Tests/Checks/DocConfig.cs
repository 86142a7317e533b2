using System.Text;
using Microsoft.Extensions.Configuration;

namespace SocialCare.Docs.Tests;

/// <summary>Configuration shown on a page: a ```json block under <c>&lt;!-- checked-config: NAME --&gt;</c>.</summary>
internal static class DocConfig
{
    /// <summary>Reads the block's text.</summary>
    public static string Json(string page, string name) => Block(page, "checked-config", name);

    /// <summary>Reads a block under <c>&lt;!-- checked-output: NAME --&gt;</c>.</summary>
    public static IReadOnlyList<string> Output(string page, string name)
        => [.. Block(page, "checked-output", name).Split('\n').Where(l => l.Length > 0)];

    /// <summary>Loads the block as configuration.</summary>
    public static IConfigurationRoot Load(string page, string name)
        => new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Json(page, name)))).Build();

    /// <summary>Turns the block into <c>--key=value</c> command-line arguments, as <c>WebApplication.CreateBuilder(args)</c> reads them.</summary>
    public static IEnumerable<string> Arguments(IConfiguration configuration)
        => configuration.AsEnumerable().Where(p => p.Value is not null).Select(p => $"--{p.Key}={p.Value}");

    private static string Block(string page, string kind, string name)
    {
        var problems = new List<string>();
        var marker = $"<!-- {kind}: {name} -->";
        var lines = Repository.ReadDoc(page).ReplaceLineEndings("\n").Split('\n');
        var at = Array.FindIndex(lines, l => l.Trim() == marker);
        Assert.True(at >= 0, $"docs/{page} has no '{marker}'.");
        var text = string.Join('\n', lines[(at + 1)..]);
        var block = SnippetRule.ReadBlocks(page, text, problems).FirstOrDefault();
        Assert.True(block is not null && block.Line == 1, $"docs/{page}: '{marker}' must be right above a code block.");
        return string.Join('\n', block.Lines);
    }
}
