using System.Text;

namespace SocialCare.ApiSurface.Tests;

/// <summary>Finds, compares and rewrites the committed surface files in <c>tests/ApiSurface/</c>.</summary>
internal static class ApiSurfaceBaseline
{
    public const string UpdateVariable = "SOCIALCARE_UPDATE_API_SURFACE";

    public const string AcceptHint =
        "set SOCIALCARE_UPDATE_API_SURFACE=1 and run the tests to accept the change, then review the diff in git";

    private const int MaxDiffLines = 40;

    public static bool UpdateRequested => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>Returns <c>tests/ApiSurface/&lt;package&gt;.txt</c> under the directory that holds <c>SocialCare.Sdk.sln</c>.</summary>
    public static string PathFor(string package)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SocialCare.Sdk.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "ApiSurface", package + ".txt");
            }
        }

        throw new InvalidOperationException($"No SocialCare.Sdk.sln in {AppContext.BaseDirectory} or any directory above it.");
    }

    public static string Normalize(string text) => text.ReplaceLineEndings("\n");

    public static void Write(string path, string surface)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Normalize(surface), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>Returns <see langword="null"/> when the surfaces match, otherwise a message with the differing lines.</summary>
    public static string? Compare(string package, string baseline, string current)
    {
        baseline = Normalize(baseline);
        current = Normalize(current);
        if (string.Equals(baseline, current, StringComparison.Ordinal))
        {
            return null;
        }

        var diff = Diff(baseline.Split('\n'), current.Split('\n'));
        var message = new StringBuilder()
            .Append("The public API of ").Append(package).Append(" differs from tests/ApiSurface/").Append(package)
            .Append(".txt ('-' only in the baseline, '+' only in the build):\n");
        foreach (var line in diff.Take(MaxDiffLines))
        {
            message.Append(line).Append('\n');
        }

        if (diff.Count > MaxDiffLines)
        {
            message.Append("… and ").Append(diff.Count - MaxDiffLines).Append(" more differing lines\n");
        }

        return message.Append("If the change is intended: ").Append(AcceptHint).Append('.').ToString();
    }

    /// <summary>
    /// A line diff over the longest common subsequence: the differing lines in file order, each changed member preceded by
    /// its type's header line (prefixed with a space) unless that header was just shown.
    /// </summary>
    private static List<string> Diff(string[] baseline, string[] current)
    {
        // common[i, j] = length of the longest common subsequence of baseline[i..] and current[j..].
        var common = new int[baseline.Length + 1, current.Length + 1];
        for (var i = baseline.Length - 1; i >= 0; i--)
        {
            for (var j = current.Length - 1; j >= 0; j--)
            {
                common[i, j] = string.Equals(baseline[i], current[j], StringComparison.Ordinal)
                    ? common[i + 1, j + 1] + 1
                    : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var lines = new List<string>();
        string? header = null, shown = null;
        void Add(char sign, string line)
        {
            var isMember = line.StartsWith(' ');
            if (isMember && header is not null && header != shown)
            {
                lines.Add(" " + header);
            }

            header = isMember ? header : line;
            shown = header;
            lines.Add(sign + line);
        }

        int b = 0, c = 0;
        while (b < baseline.Length || c < current.Length)
        {
            if (b < baseline.Length && c < current.Length && string.Equals(baseline[b], current[c], StringComparison.Ordinal))
            {
                header = baseline[b].StartsWith(' ') ? header : baseline[b];
                b++;
                c++;
            }
            else if (b < baseline.Length && (c == current.Length || common[b + 1, c] >= common[b, c + 1]))
            {
                Add('-', baseline[b++]);
            }
            else
            {
                Add('+', current[c++]);
            }
        }

        return lines;
    }
}
