using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;

namespace SocialCare.Channels.Facebook.Tests.Graph;

/// <summary>Shared settings and assertions of the Graph tests.</summary>
internal static class GraphTestKit
{
    public const string PageId = "1111";
    public const string Token = "EAAB-page-token-1111";
    public const string OtherPageId = "2222";
    public const string OtherToken = "EAAB-page-token-2222";
    public const string AppSecret = "app-secret-for-tests";
    public const string GraphVersion = "v99.0";
    public const string Psid = "24000000000001";
    public const string Metadata = "socialcare:msg-1";
    public const string BaseUrl = "https://graph.test/";

    public static FacebookOptions Options(bool appSecretProof = true, Action<GraphResilienceOptions>? resilience = null)
    {
        var options = new FacebookOptions
        {
            AppSecret = AppSecret,
            VerifyToken = "verify",
            GraphApiBaseUrl = new Uri(BaseUrl),
            GraphApiVersion = GraphVersion,
            UseAppSecretProof = appSecretProof,
        };
        options.Pages.Add(new FacebookPageOptions { PageId = PageId, AccessToken = Token });
        options.Pages.Add(new FacebookPageOptions { PageId = OtherPageId, AccessToken = OtherToken });
        resilience?.Invoke(options.Resilience);
        return options;
    }

    /// <summary>Options for fast resilience tests: tiny delays, a breaker that does not open unless asked.</summary>
    public static void FastResilience(GraphResilienceOptions r)
    {
        r.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        r.MaxRetryAttempts = 3;
        r.MaxRetryDelay = TimeSpan.FromSeconds(30);
        r.AttemptTimeout = TimeSpan.FromMinutes(1);
        r.TotalTimeout = TimeSpan.FromMinutes(2);
        r.BreakerMinimumThroughput = 1000;
    }

    public static IHttpClientFactory Factory(HttpMessageHandler handler)
    {
        var factory = Substitute.For<IHttpClientFactory>();
        factory.CreateClient(FacebookDefaults.HttpClientName).Returns(_ => new HttpClient(handler, disposeHandler: false));
        return factory;
    }

    public static FacebookGraphClient Client(HttpMessageHandler handler, FacebookOptions? options = null, ILogger? logger = null, TimeProvider? time = null) =>
        new(Factory(handler), options ?? Options(), logger ?? NullLogger.Instance, time);

    /// <summary>The resilience handler in front of <paramref name="inner"/>, as the channel's client has it.</summary>
    public static GraphResilienceHandler Resilient(HttpMessageHandler inner, FacebookOptions options, TimeProvider? time = null) =>
        new(options.Resilience, time ?? TimeProvider.System) { InnerHandler = inner };

    /// <summary><c>appsecret_proof</c> computed here independently of the code under test.</summary>
    public static string Proof(string token = Token)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(AppSecret));
        var hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(token));
        var hex = new StringBuilder(hash.Length * 2);
        foreach (var b in hash)
        {
            hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return hex.ToString();
    }

    /// <summary>Asserts method, full address (version, escaped path, proof), bearer token and, for bodies, the JSON content type.</summary>
    public static void AssertCall(RecordedRequest request, HttpMethod method, string path, bool appSecretProof = true, string token = Token)
    {
        Assert.Equal(method, request.Method);
        var expected = BaseUrl + GraphVersion + "/" + path + (appSecretProof ? "?appsecret_proof=" + Proof(token) : string.Empty);
        Assert.Equal(expected, request.Uri.AbsoluteUri);
        Assert.Equal("Bearer " + token, request.Authorization);
        Assert.DoesNotContain(token, request.Uri.AbsoluteUri, StringComparison.Ordinal);
        if (request.Body is null)
        {
            Assert.Null(request.ContentType);
        }
        else
        {
            Assert.Equal("application/json", request.ContentType);
            Assert.Equal("utf-8", request.CharSet);
        }
    }

    /// <summary>Asserts the body is exactly the expected JSON: same properties, same values, nothing more.</summary>
    public static void AssertJson(string expected, string? actual)
    {
        Assert.NotNull(actual);
        var want = JsonNode.Parse(expected);
        var got = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(want, got), $"Expected JSON\n{want?.ToJsonString()}\nbut got\n{got?.ToJsonString()}");
    }

    public static List<GraphSendRequest> Build(IReadOnlyList<MessagePart> parts, GraphRecipient? recipient = null, string messagingType = FacebookRequests.Response, string? tag = null)
    {
        var requests = new List<GraphSendRequest>();
        var ok = FacebookRequests.TryBuildMessenger(parts, recipient ?? GraphRecipient.User(Psid), messagingType, tag, Metadata, requests, out var refusal);
        Assert.True(ok, refusal?.Message);
        Assert.Null(refusal);
        return requests;
    }

    /// <summary>What the adapter does: build the requests, and send them one by one only if all could be built.</summary>
    public static async Task<(ChannelError? Refusal, List<GraphResult> Results)> SendMessageAsync(
        FacebookGraphClient client,
        IReadOnlyList<MessagePart> parts,
        GraphRecipient? recipient = null,
        string messagingType = FacebookRequests.Response,
        string? tag = null)
    {
        var requests = new List<GraphSendRequest>();
        var results = new List<GraphResult>();
        if (!FacebookRequests.TryBuildMessenger(parts, recipient ?? GraphRecipient.User(Psid), messagingType, tag, Metadata, requests, out var refusal))
        {
            return (refusal, results);
        }

        foreach (var request in requests)
        {
            results.Add(await client.SendAsync(PageId, request, CancellationToken.None));
        }

        return (null, results);
    }
}
