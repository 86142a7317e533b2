namespace SocialCare.Docs.Tests;

/// <summary>Finds the repository's files from the test's output folder.</summary>
internal static class Repository
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>Gets the repository root: the folder that holds <c>SocialCare.Sdk.sln</c>.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>Gets the <c>docs</c> folder.</summary>
    public static string Docs => Path.Combine(Root, "docs");

    /// <summary>Returns a path relative to the root with forward slashes, for messages.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    /// <summary>Lists the Markdown pages under <c>docs/</c>.</summary>
    public static IReadOnlyList<string> DocPages()
        => Directory.Exists(Docs)
            ? [.. Directory.EnumerateFiles(Docs, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>Reads a page under <c>docs/</c> by its file name.</summary>
    public static string ReadDoc(string name) => File.ReadAllText(Path.Combine(Docs, name));

    /// <summary>Lists the C# files the snippet regions may live in: under src/, samples/ and tests/, outside bin/ and obj/.</summary>
    public static IReadOnlyList<string> SourceFiles()
    {
        var files = new List<string>();
        foreach (var top in new[] { "src", "samples", "tests" })
        {
            var folder = Path.Combine(Root, top);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Relative(file);
                if (!relative.Contains("/bin/", StringComparison.Ordinal) && !relative.Contains("/obj/", StringComparison.Ordinal))
                {
                    files.Add(file);
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SocialCare.Sdk.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No SocialCare.Sdk.sln above {AppContext.BaseDirectory}.");
    }
}
