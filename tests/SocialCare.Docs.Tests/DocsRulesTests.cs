namespace SocialCare.Docs.Tests;

/// <summary>The rules every page under docs/ follows: compiled snippets, and links that resolve.</summary>
public sealed class DocsRulesTests
{
    [Fact]
    public void Snippets_EveryCSharpBlockInDocs_EqualsARegionOfCompiledCode()
    {
        var pages = Repository.DocPages().Select(p => (Repository.Relative(p), File.ReadAllText(p))).ToList();
        var sources = Repository.SourceFiles().Select(p => (Repository.Relative(p), File.ReadAllText(p))).ToList();
        Assert.NotEmpty(pages);

        var problems = SnippetRule.Check(pages, sources);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Snippets_DocsPages_UseCompiledSnippets()
    {
        // Guards the rule itself: if the fence parsing broke, the check above would pass on nothing.
        var problems = new List<string>();
        var blocks = Repository.DocPages().SelectMany(p => SnippetRule.ReadBlocks(Repository.Relative(p), File.ReadAllText(p), problems)).ToList();

        var csharp = blocks.Where(b => b.IsCSharp).ToList();
        Assert.True(csharp.Count >= 10, $"Only {csharp.Count} C# blocks found in docs/.");
        Assert.All(
            new[] { "getting-started.md", "concepts.md", "connecting-accounts.md", "postgresql.md", "metrics-and-traces.md" },
            page => Assert.Contains(csharp, b => b.File == "docs/" + page));
    }

    [Fact]
    public void Links_EveryRelativeLinkInDocsAndReadme_PointsToAFileOrHeadingThatExists()
    {
        var pages = Repository.DocPages().Append(Path.Combine(Repository.Root, "README.md")).ToList();
        var problems = new List<string>();
        var links = 0;
        foreach (var page in pages)
        {
            foreach (var link in Links.Read(File.ReadAllText(page)))
            {
                links++;
                if (Resolve(page, link.Target) is { } problem)
                {
                    problems.Add($"{Repository.Relative(page)}:{link.Line}: {problem}");
                }
            }
        }

        Assert.True(links > 10, $"Only {links} relative links found.");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Index_LinksEveryPageInDocs()
    {
        var index = Repository.ReadDoc("README.md");
        var linked = Links.Read(index).Select(l => l.Target.Split('#')[0]).ToHashSet(StringComparer.Ordinal);
        var pages = Repository.DocPages().Select(Path.GetFileName).Where(n => n != "README.md");

        Assert.All(pages, page => Assert.Contains(page!, linked));
    }

    [Fact]
    public void Check_BlockWithoutMarker_NamesFileAndLine()
    {
        var problems = SnippetRule.Check([("docs/a.md", "Text\n\n```csharp\nvar x = 1;\n```\n")], []);

        var problem = Assert.Single(problems);
        Assert.StartsWith("docs/a.md:3:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MarkerWithoutRegion_IsReported()
    {
        var problems = SnippetRule.Check([("docs/a.md", "<!-- snippet: x-missing -->\n```csharp\nvar x = 1;\n```\n")], [("src/A.cs", "class A { }")]);

        Assert.Contains("no '#region snippet:x-missing'", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_IndentationAndTrailingSpace_AreIgnored()
    {
        const string code = "class A\n{\n    void M()\n    {\n        #region snippet:x-same\n        if (true)\n        {\n            M();   \n        }\n\n        #endregion\n    }\n}\n";
        const string page = "1. Step:\n   <!-- snippet: x-same -->\n   ```csharp\n\n   if (true)\n   {\n       M();\n   }\n   ```\n";

        Assert.Empty(SnippetRule.Check([("docs/a.md", page)], [("src/A.cs", code)]));
    }

    [Fact]
    public void Check_DifferentText_ShowsADiff()
    {
        const string code = "#region snippet:x-diff\nvar a = 1;\nvar b = 2;\n#endregion\n";
        const string page = "<!-- snippet: x-diff -->\n```csharp\nvar a = 1;\nvar b = 3;\n```\n";

        var problem = Assert.Single(SnippetRule.Check([("docs/a.md", page)], [("tests/A.cs", code)]));

        Assert.Contains("docs/a.md:2: snippet 'x-diff' differs from tests/A.cs:1", problem, StringComparison.Ordinal);
        Assert.Contains("  - 2: var b = 3;", problem, StringComparison.Ordinal);
        Assert.Contains("  + 2: var b = 2;", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NameDefinedTwice_IsReported()
    {
        var problems = SnippetRule.Check([], [("src/A.cs", "#region snippet:x-twice\n#endregion\n"), ("tests/B.cs", "#region snippet:x-twice\n#endregion\n")]);

        Assert.Equal("tests/B.cs:1: snippet 'x-twice' is defined twice (also at src/A.cs:1).", Assert.Single(problems));
    }

    [Fact]
    public void Check_NestedRegions_EndAtTheMatchingEndregion()
    {
        const string code = "#region snippet:x-outer\nA();\n#region inner\nB();\n#endregion\nC();\n#endregion\n";
        var problems = new List<string>();

        var region = Assert.Single(SnippetRule.ReadRegions("src/A.cs", code, problems));

        Assert.Empty(problems);
        Assert.Equal(["A();", "#region inner", "B();", "#endregion", "C();"], region.Lines);
    }

    [Fact]
    public void Check_OrphanMarker_IsReported()
    {
        var problems = SnippetRule.Check([("docs/a.md", "<!-- snippet: x-orphan -->\n\nText.\n")], []);

        Assert.StartsWith("docs/a.md:1:", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Slug_FollowsGitHub()
    {
        Assert.Equal("the-ticket-lifecycle", Links.Slug("The ticket lifecycle"));
        Assert.Equal("meta-messenger-page-comments-whatsapp", Links.Slug("Meta: Messenger, Page comments, WhatsApp"));
        Assert.Equal("usepostgresql", Links.Slug("`UsePostgreSql`"));
    }

    /// <summary>Returns why a link does not resolve, or <see langword="null"/> when it does.</summary>
    private static string? Resolve(string page, string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var pathPart = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]).Split('?')[0];
        var anchor = hash < 0 ? null : target[(hash + 1)..];
        var resolved = pathPart.Length == 0
            ? page
            : Path.GetFullPath(pathPart.StartsWith('/') ? Path.Combine(Repository.Root, pathPart.TrimStart('/')) : Path.Combine(Path.GetDirectoryName(page)!, pathPart));
        var relative = Repository.Relative(resolved);
        if (!File.Exists(resolved) && !Directory.Exists(resolved))
        {
            return $"'{target}' points to {relative}, which does not exist.";
        }

        if (anchor is { Length: > 0 } && resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
            && !Links.Anchors(File.ReadAllText(resolved)).Contains(anchor))
        {
            return $"'{target}': {relative} has no heading with the anchor '#{anchor}'.";
        }

        return null;
    }
}
