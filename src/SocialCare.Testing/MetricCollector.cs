using System.Diagnostics.Metrics;

namespace SocialCare.Testing;

/// <summary>One measurement captured by a <see cref="MetricCollector"/>.</summary>
/// <param name="Instrument">The instrument's name.</param>
/// <param name="Value">The value, as a double.</param>
/// <param name="Tags">The measurement's tags.</param>
public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

/// <summary>Captures the measurements of every instrument on meters with a given name, for tests.</summary>
/// <remarks>Thread-safe. Listens from construction until disposed; meters of the same name from any source are captured.</remarks>
public sealed class MetricCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly List<Measurement> _measurements = [];

    /// <summary>Initializes a new instance of the <see cref="MetricCollector"/> class.</summary>
    /// <param name="meterName">The meter to listen to, for example <c>SocialCare</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="meterName"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="meterName"/> is <see langword="null"/>.</exception>
    public MetricCollector(string meterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(meterName);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Add(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
        _listener.Start();
    }

    /// <summary>Gets a snapshot of the measurements captured so far, in order.</summary>
    public IReadOnlyList<Measurement> Measurements
    {
        get
        {
            lock (_gate)
            {
                return [.. _measurements];
            }
        }
    }

    /// <summary>Returns the measurements of one instrument.</summary>
    /// <param name="instrument">The instrument's name.</param>
    /// <returns>Its measurements, in order.</returns>
    public IReadOnlyList<Measurement> For(string instrument) => [.. Measurements.Where(m => m.Instrument == instrument)];

    /// <summary>Returns the sum of an instrument's measurements whose tags include all of <paramref name="tags"/>.</summary>
    /// <param name="instrument">The instrument's name.</param>
    /// <param name="tags">Tag names and values to match.</param>
    /// <returns>The sum.</returns>
    public double Sum(string instrument, params (string Name, object? Value)[] tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return For(instrument)
            .Where(m => tags.All(t => m.Tags.TryGetValue(t.Name, out var v) && Equals(v, t.Value)))
            .Sum(m => m.Value);
    }

    /// <inheritdoc/>
    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(tags.Length);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        lock (_gate)
        {
            _measurements.Add(new Measurement(instrument.Name, value, copy));
        }
    }
}
