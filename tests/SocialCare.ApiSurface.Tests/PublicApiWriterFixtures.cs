// Public types whose surface PublicApiWriterTests checks line by line: one of each construct the writer handles.
namespace SocialCare.ApiSurface.Tests.Fixtures;

public abstract class Base(string? name) : IDisposable
{
    protected const int Limit = 3;

    public event EventHandler<string>? Changed;

    public string? Name { get; protected set; } = name;

    public abstract void Run(params int[] values);

    public void Dispose() => Dispose(true);

    protected virtual void Dispose(bool disposing) => Changed?.Invoke(this, "disposed");

    internal void Hidden() { }
}

public interface IFactory<TSelf>
    where TSelf : IFactory<TSelf>
{
    string this[int index] { get; }

    static abstract TSelf Create(string? name);
}

[Obsolete("Use Base.")]
public class Legacy
{
    public virtual int Count { get; set; }
}

public delegate TResult? Converter<in T, out TResult>(T value) where TResult : class;

public static class Generics
{
    public static T Plain<T>(this T value, ref int count, out string? text, Level level = Level.High)
    {
        text = $"{count}{level}";
        return value;
    }

    public static T? Maybe<T>(T? value) => value;

    public static TValue Value<TValue>(TValue? value) where TValue : struct => value ?? default;

    public static IReadOnlyList<T?> List<T>(Dictionary<string, T> map, int? count = null) where T : class => [.. map.Values];

    public static ValueTask<string?> Async(ReadOnlyMemory<byte> body, string?[]? names, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<string?>(null);
}

[Flags]
public enum Level : byte
{
    None = 0,
    High = 1,
    Low = 2,
}

public readonly record struct Point(int X, int Y)
{
    public override string ToString() => $"{X},{Y}";
}

public abstract record Shape;

public sealed record Square(double Side) : Shape
{
    public required string Label { get; init; }
}
