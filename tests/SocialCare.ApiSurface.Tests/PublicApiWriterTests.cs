using SocialCare.Abstractions;

namespace SocialCare.ApiSurface.Tests;

public class PublicApiWriterTests
{
    // The fixtures (PublicApiWriterFixtures.cs) hold one of each construct: protected members, params, ref/out, default
    // values, extension methods, T versus T?, constraints, variance, static abstract members, records, flags, obsolete.
    [Fact]
    public void Write_FixtureTypes_WritesExpectedLines()
    {
        var fixtures = typeof(Fixtures.Base).Assembly.GetExportedTypes().Where(t => t.Namespace == typeof(Fixtures.Base).Namespace);

        var surface = PublicApiWriter.Write(fixtures);

        Assert.Equal(
            """
            public abstract class SocialCare.ApiSurface.Tests.Fixtures.Base : IDisposable
                protected Base(string? name)
                protected virtual void Dispose(bool disposing)
                public void Dispose()
                public abstract void Run(params int[] values)
                public string? Name { get; protected set; }
                protected const int Limit = 3
                public event EventHandler<string>? Changed
            public delegate TResult? SocialCare.ApiSurface.Tests.Fixtures.Converter<in T, out TResult>(T value) where TResult : class
            public static class SocialCare.ApiSurface.Tests.Fixtures.Generics
                public static ValueTask<string?> Async(ReadOnlyMemory<byte> body, string?[]? names, CancellationToken cancellationToken = default)
                public static IReadOnlyList<T?> List<T>(Dictionary<string, T> map, int? count = null) where T : class
                public static T? Maybe<T>(T? value)
                public static T Plain<T>(this T value, ref int count, out string? text, SocialCare.ApiSurface.Tests.Fixtures.Level level = SocialCare.ApiSurface.Tests.Fixtures.Level.High)
                public static TValue Value<TValue>(TValue? value) where TValue : struct
            public interface SocialCare.ApiSurface.Tests.Fixtures.IFactory<TSelf> where TSelf : SocialCare.ApiSurface.Tests.Fixtures.IFactory<TSelf>
                public static abstract TSelf Create(string? name)
                public string this[int index] { get; }
            [Obsolete] public class SocialCare.ApiSurface.Tests.Fixtures.Legacy
                public Legacy()
                public virtual int Count { get; set; }
            [Flags] public enum SocialCare.ApiSurface.Tests.Fixtures.Level : byte
                None = 0
                High = 1
                Low = 2
            public readonly record struct SocialCare.ApiSurface.Tests.Fixtures.Point
                public Point(int X, int Y)
                public override string ToString()
                public int X { get; init; }
                public int Y { get; init; }
            public abstract record SocialCare.ApiSurface.Tests.Fixtures.Shape
                protected Shape()
            public sealed record SocialCare.ApiSurface.Tests.Fixtures.Square : SocialCare.ApiSurface.Tests.Fixtures.Shape
                public Square(double Side)
                public required string Label { get; init; }
                public double Side { get; init; }

            """.ReplaceLineEndings("\n"),
            surface);
    }

    [Fact]
    public void Write_Abstractions_WritesRecordsAndNullableAnnotations()
    {
        var surface = PublicApiWriter.Write(typeof(ChannelId).Assembly);

        Assert.Contains(
            "public sealed record SocialCare.Abstractions.TextPart : SocialCare.Abstractions.MessagePart\n", surface, StringComparison.Ordinal);
        Assert.Contains("    public string? GetHeader(string name)\n", surface, StringComparison.Ordinal);
        Assert.Contains("    public override string ToString()\n", surface, StringComparison.Ordinal); // ChannelId's own
        Assert.DoesNotContain("<Clone>$", surface, StringComparison.Ordinal);
        Assert.DoesNotContain("EqualityContract", surface, StringComparison.Ordinal);
        Assert.DoesNotContain("PrintMembers", surface, StringComparison.Ordinal);
    }
}
