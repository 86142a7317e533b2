using System.Reflection;
using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.ApiSurface.Tests;

/// <summary>
/// Each package's public surface must match its committed snapshot in <c>tests/ApiSurface/</c>, so that API changes show
/// up in review. To accept a change: <c>SOCIALCARE_UPDATE_API_SURFACE=1 dotnet test</c>, then review the diff in git.
/// </summary>
public class ApiSurfaceTests
{
    // One type per package, as an anchor for its assembly. A new package: add a line here and a ProjectReference.
    private static readonly Assembly[] PackageAssemblies =
    [
        typeof(ChannelId).Assembly,
        typeof(SocialCareOptions).Assembly,
        typeof(SocialCare.Testing.FakeTimeProvider).Assembly,
        typeof(SocialCare.Channels.Facebook.FacebookOptions).Assembly,
        typeof(SocialCare.Channels.Meta.MetaSignatureVerifier).Assembly,
        typeof(SocialCare.Channels.WhatsApp.WhatsAppDefaults).Assembly,
        typeof(SocialCare.Channels.Twitter.XDefaults).Assembly,
        typeof(SocialCare.Storage.Sqlite.SqliteTicketStore).Assembly,
        typeof(SocialCare.Storage.PostgreSql.PostgreSqlTicketStore).Assembly,
        typeof(SocialCare.AspNetCore.SocialCareAspNetCoreDefaults).Assembly,
    ];

    public static TheoryData<string> Packages => new(PackageAssemblies.Select(a => a.GetName().Name!));

    [Theory]
    [MemberData(nameof(Packages))]
    public void PublicSurface_MatchesBaseline(string package)
    {
        var current = PublicApiWriter.Write(PackageAssembly(package));
        var path = ApiSurfaceBaseline.PathFor(package);

        if (ApiSurfaceBaseline.UpdateRequested)
        {
            ApiSurfaceBaseline.Write(path, current);
            return;
        }

        Assert.True(
            File.Exists(path),
            $"No API baseline for {package} at {path}. Create it: {ApiSurfaceBaseline.UpdateVariable}=1 dotnet test " +
            "tests/SocialCare.ApiSurface.Tests, then review and commit the new file.");
        var difference = ApiSurfaceBaseline.Compare(package, File.ReadAllText(path), current);
        Assert.True(difference is null, difference);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Write_CalledTwice_ProducesSameText(string package)
    {
        var first = PublicApiWriter.Write(PackageAssembly(package));
        var second = PublicApiWriter.Write(PackageAssembly(package));

        Assert.Equal(first, second);
        Assert.NotEmpty(first);
        Assert.DoesNotContain("\r", first, StringComparison.Ordinal);
    }

    private static Assembly PackageAssembly(string package) =>
        PackageAssemblies.Single(a => a.GetName().Name == package);
}
