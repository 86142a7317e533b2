using Microsoft.Extensions.Logging;

namespace SocialCare.Testing;

/// <summary>One log entry captured by a <see cref="TestLoggerProvider"/>.</summary>
/// <param name="Category">The logger's category.</param>
/// <param name="Level">The level.</param>
/// <param name="EventId">The event id.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Exception">The exception logged with it, when any.</param>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

/// <summary>A logger provider that keeps every entry in a list, so tests can check what was logged (and what was not).</summary>
/// <remarks>Thread-safe. Add it with <c>services.AddLogging(b => b.AddProvider(provider))</c> or to a logger factory.</remarks>
public sealed class TestLoggerProvider : ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly List<LogEntry> _entries = [];

    /// <summary>Gets or sets the lowest level captured.</summary>
    /// <value>The default is <see cref="LogLevel.Trace"/>.</value>
    public LogLevel MinimumLevel { get; set; } = LogLevel.Trace;

    /// <summary>Gets a snapshot of the captured entries, in the order they were logged.</summary>
    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>
    /// Returns the captured entries and forgets them, in one step: an entry logged meanwhile is either returned now or
    /// kept for the next call, never lost. Long-running suites use it to check the output as it comes, without keeping it all.
    /// </summary>
    /// <returns>The entries captured since the last call (or since <see cref="Clear"/>), in the order they were logged.</returns>
    public IReadOnlyList<LogEntry> TakeEntries()
    {
        lock (_gate)
        {
            LogEntry[] taken = [.. _entries];
            _entries.Clear();
            return taken;
        }
    }

    /// <summary>Forgets the captured entries.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new TestLogger(this, categoryName);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
        }
    }

    private sealed class TestLogger(TestLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= owner.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (IsEnabled(logLevel))
            {
                owner.Add(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
            }
        }
    }
}
