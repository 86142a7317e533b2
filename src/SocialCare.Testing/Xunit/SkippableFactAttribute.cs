using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SocialCare.Testing;

/// <summary>
/// An xUnit fact that reports itself skipped, not failed, when it (or its class's set-up) throws <see cref="SkipException"/>:
/// for tests that need a server the machine may not have, such as a PostgreSQL database.
/// </summary>
/// <remarks>
/// The contract suites (<see cref="TicketStoreContractTests"/>, <see cref="CustomerDirectoryContractTests"/>) use it, so a
/// derived class whose store cannot be reached throws <see cref="SkipException"/> from its set-up with a message that
/// says how to enable the tests.
/// </remarks>
[XunitTestCaseDiscoverer("SocialCare.Testing.SkippableFactDiscoverer", "SocialCare.Testing")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SkippableFactAttribute : FactAttribute;

/// <summary>Thrown by a <see cref="SkippableFactAttribute"/> test, or its class's set-up, to report the test skipped.</summary>
public sealed class SkipException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SkipException"/> class.</summary>
    public SkipException()
        : base("The test was skipped.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SkipException"/> class.</summary>
    /// <param name="reason">Why the test is skipped, and how to run it.</param>
    public SkipException(string reason)
        : base(reason)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SkipException"/> class.</summary>
    /// <param name="reason">Why the test is skipped, and how to run it.</param>
    /// <param name="innerException">The failure that made the test impossible to run.</param>
    public SkipException(string reason, Exception innerException)
        : base(reason, innerException)
    {
    }

    /// <summary>Skips the running test when a condition holds.</summary>
    /// <param name="condition">Whether to skip.</param>
    /// <param name="reason">Why, and how to run it.</param>
    /// <exception cref="SkipException"><paramref name="condition"/> is <see langword="true"/>.</exception>
    public static void If(bool condition, string reason)
    {
        if (condition)
        {
            throw new SkipException(reason);
        }
    }
}

/// <summary>Finds <see cref="SkippableFactAttribute"/> tests. Used by xUnit; not called directly.</summary>
public sealed class SkippableFactDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _diagnostics;

    /// <summary>Initializes a new instance of the <see cref="SkippableFactDiscoverer"/> class.</summary>
    /// <param name="diagnosticMessageSink">Where xUnit wants diagnostics.</param>
    public SkippableFactDiscoverer(IMessageSink diagnosticMessageSink) => _diagnostics = diagnosticMessageSink;

    /// <inheritdoc/>
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        yield return new SkippableFactTestCase(
            _diagnostics, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
    }
}

/// <summary>A test case that turns a <see cref="SkipException"/> failure into a skip. Used by xUnit; not called directly.</summary>
public sealed class SkippableFactTestCase : XunitTestCase
{
    /// <summary>Initializes a new instance of the <see cref="SkippableFactTestCase"/> class, for xUnit's de-serializer.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippableFactTestCase()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SkippableFactTestCase"/> class.</summary>
    /// <param name="diagnosticMessageSink">Where xUnit wants diagnostics.</param>
    /// <param name="defaultMethodDisplay">How test names are shown.</param>
    /// <param name="defaultMethodDisplayOptions">How test method names are shown.</param>
    /// <param name="testMethod">The test method.</param>
    public SkippableFactTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    /// <inheritdoc/>
    public override async Task<RunSummary> RunAsync(
        IMessageSink diagnosticMessageSink,
        IMessageBus messageBus,
        object[] constructorArguments,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource)
    {
        var bus = new SkippingMessageBus(messageBus);
        var summary = await base.RunAsync(diagnosticMessageSink, bus, constructorArguments, aggregator, cancellationTokenSource).ConfigureAwait(false);
        if (bus.Skipped > 0)
        {
            summary.Failed -= bus.Skipped;
            summary.Skipped += bus.Skipped;
        }

        return summary;
    }

    private sealed class SkippingMessageBus(IMessageBus inner) : IMessageBus
    {
        private static readonly string SkipExceptionName = typeof(SkipException).FullName!;

        public int Skipped { get; private set; }

        public bool QueueMessage(IMessageSinkMessage message)
        {
            if (message is ITestFailed failed && failed.ExceptionTypes.Length > 0 && failed.ExceptionTypes[0] == SkipExceptionName)
            {
                Skipped++;
                return inner.QueueMessage(new TestSkipped(failed.Test, failed.Messages.FirstOrDefault() ?? "Skipped."));
            }

            return inner.QueueMessage(message);
        }

        public void Dispose() => inner.Dispose();
    }
}
