using BenchmarkDotNet.Running;
using SocialCare.Benchmarks;

// `durable …` runs the durable-ingest throughput loop (DurableIngest.cs); anything else goes to BenchmarkDotNet.
if (args is ["durable", .. var rest])
{
    return await DurableIngest.RunAsync(rest);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
