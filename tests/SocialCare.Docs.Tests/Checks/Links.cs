using System.Text;
using System.Text.RegularExpressions;

namespace SocialCare.Docs.Tests;

/// <summary>A relative link in a Markdown page.</summary>
/// <param name="Line">The 1-based line it is on.</param>
/// <param name="Target">The link target as written.</param>
internal sealed record MarkdownLink(int Line, string Target);

/// <summary>Relative links in Markdown pages, and the anchors (GitHub's heading slugs) a page offers.</summary>
internal static partial class Links
{
    /// <summary>Lists the links of a page that point into the repository (not <c>http:</c>, <c>mailto:</c>…), outside code.</summary>
    public static IReadOnlyList<MarkdownLink> Read(string text)
    {
        var links = new List<MarkdownLink>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var inFence = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (Fence().IsMatch(lines[i]))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                continue;
            }

            var line = CodeSpan().Replace(lines[i], string.Empty);
            foreach (Match match in InlineLink().Matches(line))
            {
                Add(links, i + 1, match.Groups["target"].Value);
            }

            if (ReferenceDefinition().Match(line) is { Success: true } reference)
            {
                Add(links, i + 1, reference.Groups["target"].Value);
            }
        }

        return links;
    }

    /// <summary>Lists the anchors of a page's headings, as GitHub makes them (lower case, punctuation dropped, spaces to dashes, -1 -2 for repeats).</summary>
    public static IReadOnlySet<string> Anchors(string text)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (Fence().IsMatch(line))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence || Heading().Match(line) is not { Success: true } heading)
            {
                continue;
            }

            var slug = Slug(heading.Groups["text"].Value);
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++)
            {
                unique = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    /// <summary>Makes GitHub's anchor of a heading.</summary>
    public static string Slug(string heading)
    {
        var builder = new StringBuilder();
        foreach (var c in heading.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('-');
            }
        }

        return builder.ToString();
    }

    private static void Add(List<MarkdownLink> links, int line, string target)
    {
        if (target.Length == 0 || SchemePrefix().IsMatch(target))
        {
            return;
        }

        links.Add(new MarkdownLink(line, target));
    }

    [GeneratedRegex(@"^\s*(```|~~~)")]
    private static partial Regex Fence();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*(?<target>\S+)")]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex SchemePrefix();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();
}
