using BenchmarkDotNet.Running;
using SocialCare.Benchmarks;

// `durable …` runs the durable-ingest throughput loop (DurableIngest.cs); `issue9 …` runs the issue-9 set (per-channel
// verify + parse and full ingest against their floors, routing, outbound), passing the rest (`--job short`…) on;
// anything else goes to BenchmarkDotNet.
if (args is ["durable", .. var rest])
{
    return await DurableIngest.RunAsync(rest);
}

if (args is ["issue9", .. var options])
{
    BenchmarkSwitcher.FromTypes(Issue9.Benchmarks).RunAll(args: options);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
