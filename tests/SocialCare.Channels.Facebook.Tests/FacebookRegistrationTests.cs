using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Facebook.Tests;

public sealed class FacebookRegistrationTests
{
    private static void Valid(FacebookOptions o)
    {
        o.AppSecret = "secret";
        o.VerifyToken = "token";
        o.Pages.Add(new FacebookPageOptions { PageId = "104857392016485", AccessToken = "page-token" });
    }

    private static string Fail(Action<FacebookOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSocialCare().AddFacebook(configure);
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FacebookOptions>>().Value);
        return error.Message;
    }

    [Fact]
    public void AddFacebook_Twice_RegistersOneAdapter()
    {
        var services = new ServiceCollection();
        services.AddSocialCare().AddFacebook(Valid).AddFacebook(o => o.UseAppSecretProof = true);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var adapter = Assert.Single(provider.GetServices<IChannelAdapter>(), a => a.Channel == ChannelId.Facebook);
        Assert.IsAssignableFrom<IChannelActions>(adapter);
        Assert.True(provider.GetRequiredService<IOptions<FacebookOptions>>().Value.UseAppSecretProof);
    }

    [Fact]
    public void AddFacebook_NullArguments_Throw()
    {
        var builder = new ServiceCollection().AddSocialCare();

        Assert.Throws<ArgumentNullException>(() => builder.AddFacebook(null!));
        Assert.Throws<ArgumentNullException>(() => FacebookSocialCareBuilderExtensions.AddFacebook(null!, Valid));
    }

    [Fact]
    public void Options_Defaults_AreDocumentedValues()
    {
        var options = new FacebookOptions();

        Assert.Equal("v25.0", options.GraphApiVersion);
        Assert.Equal(new Uri("https://graph.facebook.com/"), options.GraphApiBaseUrl);
        Assert.True(options.UseHumanAgentTag);
        Assert.False(options.UseAppSecretProof);
        Assert.Equal(3, options.Resilience.MaxRetryAttempts);
    }

    [Fact]
    public void Options_MissingSecretAndToken_FailNamingTheOptions()
    {
        var message = Fail(o => o.Pages.Add(new FacebookPageOptions { PageId = "1", AccessToken = "t" }));

        Assert.Contains("SocialCare:Facebook:AppSecret", message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:Facebook:VerifyToken", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("25", "GraphApiVersion")]
    [InlineData("v25", "GraphApiVersion")]
    public void Options_BadVersion_FailsNamingIt(string version, string option)
    {
        var message = Fail(o =>
        {
            Valid(o);
            o.GraphApiVersion = version;
        });

        Assert.Contains(option, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_DuplicatePageAndMissingToken_FailNamingThem()
    {
        var message = Fail(o =>
        {
            Valid(o);
            o.Pages.Add(new FacebookPageOptions { PageId = "104857392016485", AccessToken = "" });
        });

        Assert.Contains("SocialCare:Facebook:Pages:1:PageId", message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:Facebook:Pages:1:AccessToken", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_BadResilienceAndAddress_FailNamingThem()
    {
        var message = Fail(o =>
        {
            Valid(o);
            o.GraphApiBaseUrl = new Uri("/relative", UriKind.Relative);
            o.Resilience.AttemptTimeout = TimeSpan.FromMinutes(2);
            o.Resilience.TotalTimeout = TimeSpan.FromMinutes(1);
            o.AppId = "not-a-number";
        });

        Assert.Contains("SocialCare:Facebook:GraphApiBaseUrl", message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:Facebook:Resilience:AttemptTimeout", message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:Facebook:AppId", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ErrorMessages_NeverContainTheSecrets()
    {
        var message = Fail(o =>
        {
            o.AppSecret = "s3cr3t-value";
            o.VerifyToken = "token";
            o.GraphApiVersion = "bad";
            o.Pages.Add(new FacebookPageOptions { PageId = "x", AccessToken = "tok-value" });
        });

        Assert.DoesNotContain("s3cr3t-value", message, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-value", message, StringComparison.Ordinal);
    }
}
