using System.Text;
using System.Text.RegularExpressions;

namespace SocialCare.Docs.Tests;

/// <summary>A <c>#region snippet:NAME</c> … <c>#endregion</c> in a C# file.</summary>
/// <param name="Name">The snippet's name.</param>
/// <param name="File">The file, relative to the repository root.</param>
/// <param name="Line">The 1-based line of the <c>#region</c>.</param>
/// <param name="Lines">The lines between <c>#region</c> and its <c>#endregion</c>.</param>
internal sealed record SnippetRegion(string Name, string File, int Line, IReadOnlyList<string> Lines);

/// <summary>A fenced code block in a Markdown page.</summary>
/// <param name="File">The page, relative to the repository root.</param>
/// <param name="Line">The 1-based line of the opening fence.</param>
/// <param name="Language">The info string's first word (<c>csharp</c>, <c>json</c>…), lower case; empty when none.</param>
/// <param name="Marker">The name in a <c>&lt;!-- snippet: NAME --&gt;</c> line right above the fence, when there is one.</param>
/// <param name="Lines">The lines inside the fence.</param>
internal sealed record CodeBlock(string File, int Line, string Language, string? Marker, IReadOnlyList<string> Lines)
{
    public bool IsCSharp => Language is "csharp" or "cs" or "c#";
}

/// <summary>
/// The rule that keeps code in the docs compiling: every C# block in docs/ is preceded by <c>&lt;!-- snippet: NAME --&gt;</c>
/// and equals, after removing common indentation and trailing whitespace, the region <c>#region snippet:NAME</c> of one
/// compiled .cs file.
/// </summary>
internal static partial class SnippetRule
{
    /// <summary>Reads the snippet regions of one C# file.</summary>
    /// <param name="file">The file's path for messages.</param>
    /// <param name="text">The file's text.</param>
    /// <param name="problems">Receives an unterminated region.</param>
    /// <returns>The regions, in file order.</returns>
    public static IReadOnlyList<SnippetRegion> ReadRegions(string file, string text, ICollection<string> problems)
    {
        var lines = SplitLines(text);
        var regions = new List<SnippetRegion>();
        for (var i = 0; i < lines.Length; i++)
        {
            var start = SnippetRegionStart().Match(lines[i]);
            if (!start.Success)
            {
                continue;
            }

            var name = start.Groups["name"].Value;
            var depth = 1;
            var end = -1;
            for (var j = i + 1; j < lines.Length; j++)
            {
                if (AnyRegionStart().IsMatch(lines[j]))
                {
                    depth++;
                }
                else if (RegionEnd().IsMatch(lines[j]) && --depth == 0)
                {
                    end = j;
                    break;
                }
            }

            if (end < 0)
            {
                problems.Add($"{file}:{i + 1}: #region snippet:{name} has no matching #endregion.");
                continue;
            }

            regions.Add(new SnippetRegion(name, file, i + 1, lines[(i + 1)..end]));
        }

        return regions;
    }

    /// <summary>Reads the fenced code blocks of a Markdown page, and reports snippet markers that precede no C# block.</summary>
    /// <param name="file">The page's path for messages.</param>
    /// <param name="text">The page's text.</param>
    /// <param name="problems">Receives orphan markers and unclosed fences.</param>
    /// <returns>The blocks, in page order.</returns>
    public static IReadOnlyList<CodeBlock> ReadBlocks(string file, string text, ICollection<string> problems)
    {
        var lines = SplitLines(text);
        var blocks = new List<CodeBlock>();
        var usedMarkers = new HashSet<int>();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = FenceOpen().Match(lines[i]);
            if (!open.Success)
            {
                continue;
            }

            var fence = open.Groups["fence"].Value;
            var language = open.Groups["info"].Value.Trim().Split(' ', 2)[0].ToLowerInvariant();
            var close = -1;
            for (var j = i + 1; j < lines.Length; j++)
            {
                var trimmed = lines[j].Trim();
                if (trimmed.Length >= fence.Length && trimmed.All(c => c == fence[0]))
                {
                    close = j;
                    break;
                }
            }

            if (close < 0)
            {
                problems.Add($"{file}:{i + 1}: the code fence is never closed.");
                break;
            }

            string? marker = null;
            if (i > 0 && MarkerLine().Match(lines[i - 1]) is { Success: true } m)
            {
                marker = m.Groups["name"].Value;
                usedMarkers.Add(i - 1);
            }

            blocks.Add(new CodeBlock(file, i + 1, language, marker, lines[(i + 1)..close]));
            i = close;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            if (MarkerLine().IsMatch(lines[i]) && !usedMarkers.Contains(i))
            {
                problems.Add($"{file}:{i + 1}: a snippet marker must be the line right above a ```csharp fence.");
            }
        }

        foreach (var block in blocks.Where(b => b.Marker is not null && !b.IsCSharp))
        {
            problems.Add($"{block.File}:{block.Line - 1}: the snippet marker '{block.Marker}' is above a '{block.Language}' block, not a ```csharp one.");
        }

        return blocks;
    }

    /// <summary>Checks the rule over the given pages and source files.</summary>
    /// <param name="pages">The Markdown pages: path for messages, and text.</param>
    /// <param name="sources">The C# files: path for messages, and text.</param>
    /// <returns>One message per problem, each naming a file and line; empty when the docs follow the rule.</returns>
    public static IReadOnlyList<string> Check(IEnumerable<(string Path, string Text)> pages, IEnumerable<(string Path, string Text)> sources)
    {
        var problems = new List<string>();
        var regions = new Dictionary<string, SnippetRegion>(StringComparer.Ordinal);
        foreach (var (path, text) in sources)
        {
            foreach (var region in ReadRegions(path, text, problems))
            {
                if (regions.TryGetValue(region.Name, out var first))
                {
                    problems.Add($"{region.File}:{region.Line}: snippet '{region.Name}' is defined twice (also at {first.File}:{first.Line}).");
                }
                else
                {
                    regions.Add(region.Name, region);
                }
            }
        }

        foreach (var (path, text) in pages)
        {
            foreach (var block in ReadBlocks(path, text, problems).Where(b => b.IsCSharp))
            {
                if (block.Marker is not { } name)
                {
                    problems.Add($"{block.File}:{block.Line}: a ```{block.Language} block needs a '<!-- snippet: NAME -->' line right above it, naming a '#region snippet:NAME' in compiled code.");
                    continue;
                }

                if (!regions.TryGetValue(name, out var region))
                {
                    problems.Add($"{block.File}:{block.Line}: snippet '{name}' has no '#region snippet:{name}' in any .cs file under src/, samples/ or tests/.");
                    continue;
                }

                var expected = Normalize(region.Lines);
                var actual = Normalize(block.Lines);
                if (!expected.SequenceEqual(actual, StringComparer.Ordinal))
                {
                    problems.Add($"{block.File}:{block.Line}: snippet '{name}' differs from {region.File}:{region.Line} (- docs, + code):{Environment.NewLine}{Diff(actual, expected)}");
                }
            }
        }

        return problems;
    }

    /// <summary>Removes trailing whitespace, leading and trailing blank lines, and the indentation all lines share.</summary>
    public static IReadOnlyList<string> Normalize(IReadOnlyList<string> lines)
    {
        var trimmed = lines.Select(l => l.TrimEnd()).ToList();
        while (trimmed.Count > 0 && trimmed[0].Length == 0)
        {
            trimmed.RemoveAt(0);
        }

        while (trimmed.Count > 0 && trimmed[^1].Length == 0)
        {
            trimmed.RemoveAt(trimmed.Count - 1);
        }

        var indent = trimmed.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return [.. trimmed.Select(l => l.Length == 0 ? l : l[indent..])];
    }

    /// <summary>A short line diff (at most 12 lines), from a longest common subsequence.</summary>
    public static string Diff(IReadOnlyList<string> docs, IReadOnlyList<string> code)
    {
        var lcs = new int[docs.Count + 1, code.Count + 1];
        for (var i = docs.Count - 1; i >= 0; i--)
        {
            for (var j = code.Count - 1; j >= 0; j--)
            {
                lcs[i, j] = docs[i] == code[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var output = new StringBuilder();
        var shown = 0;
        int a = 0, b = 0;
        while ((a < docs.Count || b < code.Count) && shown < 12)
        {
            if (a < docs.Count && b < code.Count && docs[a] == code[b])
            {
                a++;
                b++;
            }
            else if (b < code.Count && (a == docs.Count || lcs[a, b + 1] >= lcs[a + 1, b]))
            {
                output.Append("  + ").Append(b + 1).Append(": ").AppendLine(code[b++]);
                shown++;
            }
            else
            {
                output.Append("  - ").Append(a + 1).Append(": ").AppendLine(docs[a++]);
                shown++;
            }
        }

        return output.ToString().TrimEnd();
    }

    private static string[] SplitLines(string text) => text.ReplaceLineEndings("\n").Split('\n');

    [GeneratedRegex(@"^\s*#region\s+snippet:(?<name>[A-Za-z0-9._-]+)\s*$")]
    private static partial Regex SnippetRegionStart();

    [GeneratedRegex(@"^\s*#region\b")]
    private static partial Regex AnyRegionStart();

    [GeneratedRegex(@"^\s*#endregion\b")]
    private static partial Regex RegionEnd();

    [GeneratedRegex(@"^\s*(?<fence>`{3,}|~{3,})(?<info>[^`]*)$")]
    private static partial Regex FenceOpen();

    [GeneratedRegex(@"^\s*<!--\s*snippet:\s*(?<name>[A-Za-z0-9._-]+)\s*-->\s*$")]
    private static partial Regex MarkerLine();
}
