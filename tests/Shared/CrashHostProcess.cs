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
