using SocialCare.LoadTest;

// The load tool of issue 9: `dotnet run -c Release --project bench/SocialCare.LoadTest -- http --store memory`.
// See bench/README.md and `-- --help`-less usage printed for bad arguments.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await LoadRun.MainAsync(args, Console.Out, stop.Token);
