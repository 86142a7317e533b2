using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace SocialCare.Tests.Shared;

// Compiled into each test project that drives tools/SocialCare.CrashHost (linked from tests/Shared), so that the SQLite
// crash test and the reliability suite's repetitions drive it the same way.

/// <summary>The crash host as a child process: <c>dotnet SocialCare.CrashHost.dll &lt;db&gt; &lt;secret&gt;</c>.</summary>
internal sealed class CrashHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _errors = [];

    private CrashHostProcess(Process process) => _process = process;

    public int ExitCode => _process.ExitCode;

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return string.Join("\n", _errors.TakeLast(20));
            }
        }
    }

    /// <summary>
    /// Streams <paramref name="lines"/> to a new host and kills it (SIGKILL) once <paramref name="killAfter"/> events
    /// were acknowledged with 2xx; answers the host wrote before it died count too, as a web host would have sent them.
    /// </summary>
    /// <returns>The acknowledged line numbers, and the host's last error output.</returns>
    public static async Task<(HashSet<int> Acknowledged, string Errors)> KillMidStreamAsync(
        string database, string secret, IEnumerable<string> lines, int killAfter, TimeSpan guard, System.Reflection.Assembly? runWith = null)
    {
        var acked = new HashSet<int>();
        using var timeout = new CancellationTokenSource(guard);
        using var child = Start(database, secret, runWith);
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var feeding = child.FeedAsync(lines, killed.Task);
        await foreach (var (line, status) in child.ReadAcksAsync(timeout.Token))
        {
            if (status is >= 200 and < 300)
            {
                acked.Add(line);
            }

            if (acked.Count >= killAfter)
            {
                break;
            }
        }

        child.Kill();
        killed.SetResult();
        await foreach (var (line, status) in child.ReadAcksAsync(timeout.Token))
        {
            if (status is >= 200 and < 300)
            {
                acked.Add(line);
            }
        }

        await child.WaitForExitAsync(timeout.Token);
        await feeding;
        return (acked, child.Errors);
    }

    /// <summary>Delivers every line to a new host, closes its input so that it exits, and collects each line's status.</summary>
    /// <returns>The status per line number, the host's exit code and its last error output.</returns>
    public static async Task<(Dictionary<int, int> Statuses, int ExitCode, string Errors)> DeliverAllAsync(
        string database, string secret, IEnumerable<string> lines, TimeSpan guard, System.Reflection.Assembly? runWith = null)
    {
        var statuses = new Dictionary<int, int>();
        using var timeout = new CancellationTokenSource(guard);
        using var child = Start(database, secret, runWith);
        var feeding = child.FeedAsync(lines, null);
        await foreach (var (line, status) in child.ReadAcksAsync(timeout.Token))
        {
            statuses[line] = status;
        }

        await feeding;
        await child.WaitForExitAsync(timeout.Token);
        return (statuses, child.ExitCode, child.Errors);
    }

    /// <summary>Starts the crash host on a database file, with the app secret its webhooks are signed with.</summary>
    /// <param name="database">The SQLite file.</param>
    /// <param name="secret">The app secret.</param>
    /// <param name="runWith">
    /// A test assembly whose runtime configuration and dependencies the host runs with (<c>dotnet exec --runtimeconfig</c>),
    /// when the host's own do not bring what it needs there (the ASP.NET Core shared framework); otherwise its own.
    /// </param>
    public static CrashHostProcess Start(string database, string secret, System.Reflection.Assembly? runWith = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "SocialCare.CrashHost.dll");
        Assert.True(File.Exists(dll), $"The crash host is not beside the tests: {dll}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runWith?.GetName().Name is { } tests)
        {
            // That test assembly's runtime configuration brings the shared frameworks the crash host needs there.
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add("--runtimeconfig");
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, tests + ".runtimeconfig.json"));
            start.ArgumentList.Add("--depsfile");
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, tests + ".deps.json"));
        }

        start.ArgumentList.Add(dll);
        start.ArgumentList.Add(database);
        start.ArgumentList.Add(secret);
        var process = Process.Start(start) ?? throw new InvalidOperationException("The crash host did not start.");
        var host = new CrashHostProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (host._errors)
                {
                    host._errors.Add(line);
                }
            }
        };
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Writes the lines to stdin; stops early when <paramref name="stop"/> completes, else closes stdin at the end.</summary>
    public async Task FeedAsync(IEnumerable<string> lines, Task? stop)
    {
        try
        {
            var input = _process.StandardInput;
            foreach (var line in lines)
            {
                if (stop is { IsCompleted: true })
                {
                    return;
                }

                await input.WriteLineAsync(line);
                await input.FlushAsync();
            }

            if (stop is null)
            {
                input.Close();
            }
        }
        catch (IOException) when (stop is not null)
        {
            // The pipe broke: the process was killed, as intended.
        }
    }

    public async IAsyncEnumerable<(int Line, int Status)> ReadAcksAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await _process.StandardOutput.ReadLineAsync(cancellationToken) is { } text)
        {
            if (text.Split(' ') is ["ack", var line, var status])
            {
                yield return (int.Parse(line, CultureInfo.InvariantCulture), int.Parse(status, CultureInfo.InvariantCulture));
            }
        }
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
