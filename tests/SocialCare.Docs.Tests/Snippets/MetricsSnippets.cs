using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using SocialCare.Abstractions;

namespace SocialCare.Docs.Tests.Snippets;

#region snippet:metrics-listeners
/// <summary>Writes SocialCare's measurements and finished activities as lines of text, with nothing but the BCL.</summary>
public sealed class SocialCareTelemetryWriter : IDisposable
{
    private readonly TextWriter _output;
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _activities;

    public SocialCareTelemetryWriter(TextWriter output)
    {
        _output = TextWriter.Synchronized(output);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SocialCareDiagnostics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Write(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Write(instrument, value, tags));
        _meters.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Write(instrument, value, tags));
        _meters.Start();

        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SocialCareDiagnostics.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _output.WriteLine(
                $"trace {activity.OperationName} {activity.Kind} {activity.Duration.TotalMilliseconds:0.0} ms {Format(activity.TagObjects)}"),
        };
        ActivitySource.AddActivityListener(_activities);
    }

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }

    private void Write<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct, IFormattable
        => _output.WriteLine($"metric {instrument.Name} {value.ToString(null, CultureInfo.InvariantCulture)} {instrument.Unit} {Format(tags.ToArray())}");

    private static string Format(IEnumerable<KeyValuePair<string, object?>> tags)
        => string.Join(' ', tags.Select(t => $"{t.Key}={t.Value}"));
}
#endregion
