using System.Reflection;
using System.Runtime.CompilerServices;

namespace SocialCare.Abstractions.Tests;

/// <summary>Octokit-style checks that the public model stays immutable and sealed.</summary>
public class ConventionTests
{
    private static readonly Type[] PublicTypes = [.. typeof(ChannelId).Assembly.GetExportedTypes()];

    private static IEnumerable<Type> ModelRecords => PublicTypes.Where(IsRecord);

    [Fact]
    public void ModelRecords_AreSealedOrAbstract()
    {
        var open = ModelRecords.Where(t => !t.IsValueType && !t.IsSealed && !t.IsAbstract).Select(t => t.Name);

        Assert.Empty(open);
    }

    [Fact]
    public void ModelValueTypes_AreReadOnlyRecordStructs()
    {
        var structs = PublicTypes.Where(t => t.IsValueType && !t.IsEnum).ToList();

        Assert.NotEmpty(structs);
        Assert.All(structs, t =>
        {
            Assert.True(IsRecord(t), $"{t.Name} is a record struct");
            Assert.True(t.IsDefined(typeof(IsReadOnlyAttribute)), $"{t.Name} is readonly");
        });
    }

    [Fact]
    public void PublicTypes_HaveNoPublicSetters()
    {
        var setters = PublicTypes
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(p => p.SetMethod is { IsPublic: true } setter && !IsInitOnly(setter) && setter.GetBaseDefinition() == setter) // overrides keep their base contract (Stream.Position)
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}");

        Assert.Empty(setters);
    }

    [Fact]
    public void PublicTypes_ExposeNoMutableCollections()
    {
        Type[] mutable = [typeof(List<>), typeof(IList<>), typeof(ICollection<>), typeof(Dictionary<,>), typeof(IDictionary<,>), typeof(HashSet<>), typeof(ISet<>)];
        var offenders = PublicTypes
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(p => p.PropertyType.IsArray || (p.PropertyType.IsGenericType && mutable.Contains(p.PropertyType.GetGenericTypeDefinition())))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}");

        Assert.Empty(offenders);
    }

    [Fact]
    public void PublicTypes_NeverUseObjectForData()
    {
        var offenders = PublicTypes
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(p => p.PropertyType == typeof(object))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}");

        Assert.Empty(offenders);
    }

    [Fact]
    public void Interfaces_TakeCancellationTokenLastOnAsyncMethods()
    {
        var offenders = PublicTypes.Where(t => t.IsInterface)
            .SelectMany(t => t.GetMethods())
            .Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal))
            .Where(m => m.GetParameters() is var p && (p.Length == 0 || p[^1].ParameterType != typeof(CancellationToken)))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}");

        Assert.Empty(offenders);
    }

    private static bool IsRecord(Type type)
        => type.GetMethod("<Clone>$") is not null
        || (type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null);

    private static bool IsInitOnly(MethodInfo setter)
        => setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}
