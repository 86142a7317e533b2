using System.Text;
using System.Text.Json.Nodes;

namespace SocialCare.Core.Tests.TestChannel;

/// <summary>Builds test-channel webhook requests, signed the way the network would sign them.</summary>
internal static class TestWebhooks
{
    public const string Secret = "test-secret";
    public const string Account = "brand-1";
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    public static JsonObject Message(string id, string user, string text, int second = 0, string? mid = null, string? name = null, string? thread = null)
    {
        var item = Written(id, "message", user, text, second, mid);
        if (name is not null)
        {
            item["name"] = name;
        }

        if (thread is not null)
        {
            item["thread"] = thread;
        }

        return item;
    }

    public static JsonObject Echo(string id, string user, string text, int second = 0, string? mid = null)
        => Written(id, "echo", user, text, second, mid);

    public static JsonObject Status(string id, string user, string status, int second, string? mid = null, string? error = null)
    {
        var item = Item(id, "status", user, second);
        item["status"] = status;
        if (mid is not null)
        {
            item["target"] = mid;
        }

        if (error is not null)
        {
            item["error"] = error;
        }

        return item;
    }

    public static JsonObject Edit(string id, string user, string mid, string text, int second)
    {
        var item = Item(id, "edit", user, second);
        item["target"] = mid;
        item["text"] = text;
        return item;
    }

    public static JsonObject Delete(string id, string user, string mid, int second)
    {
        var item = Item(id, "delete", user, second);
        item["target"] = mid;
        return item;
    }

    private static JsonObject Written(string id, string type, string user, string text, int second, string? mid)
    {
        var item = Item(id, type, user, second);
        item["target"] = mid ?? "mid-" + id;
        item["text"] = text;
        return item;
    }

    public static JsonObject Item(string id, string type, string user, int second) => new()
    {
        ["id"] = id,
        ["type"] = type,
        ["user"] = user,
        ["at"] = Start.AddSeconds(second).ToUnixTimeMilliseconds(),
    };

    public static byte[] Body(params JsonObject[] events)
        => Encoding.UTF8.GetBytes(new JsonObject { ["account"] = Account, ["events"] = new JsonArray([.. events]) }.ToJsonString());

    public static WebhookRequest Signed(params JsonObject[] events) => Signed(Body(events));

    public static WebhookRequest Signed(byte[] body, string secret = Secret)
        => WebhookRequest.Post("/webhooks/test", body, new Dictionary<string, string>
        {
            [TestChannelAdapter.SignatureHeader] = "sha256=" + WebhookSignatureVerifier.Compute(secret, body, SignatureEncoding.Hex),
            ["Content-Type"] = "application/json",
        });

    public static WebhookRequest Unsigned(byte[] body)
        => WebhookRequest.Post("/webhooks/test", body, new Dictionary<string, string> { ["Content-Type"] = "application/json" });
}
