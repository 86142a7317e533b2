using System.Text;
using SocialCare.Abstractions;

namespace SocialCare.Abstractions.Tests.Security;

public sealed class EventWebhookSignatureTests
{
    // The example of the Standard Webhooks specification: secret, id, timestamp, body and the signature it gives.
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly DateTimeOffset SpecTime = DateTimeOffset.FromUnixTimeSeconds(1614265330);
    private static readonly byte[] SpecBody = Encoding.UTF8.GetBytes("""{"test": 2432232314}""");

    [Fact]
    public void TheSignerMatchesTheSpecificationsExample()
        => Assert.Equal(SpecSignature, new EventWebhookSigner([SpecSecret]).Sign(SpecId, SpecTime, SpecBody));

    [Fact]
    public void TheVerifierAcceptsTheSpecificationsExample_WithinTheTolerance()
    {
        Assert.Equal(EventWebhookVerification.Valid, Verifier(SpecTime.AddMinutes(4)).Verify(SpecId, "1614265330", SpecSignature, SpecBody));
        Assert.Equal(EventWebhookVerification.Valid, Verifier(SpecTime.AddMinutes(-4)).Verify(SpecId, "1614265330", SpecSignature, SpecBody));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(-6)]
    [InlineData(60 * 24)]
    public void AnOldOrFutureTimestamp_IsOutsideTheTolerance(int minutes)
        => Assert.Equal(EventWebhookVerification.OutsideTolerance, Verifier(SpecTime.AddMinutes(minutes)).Verify(SpecId, "1614265330", SpecSignature, SpecBody));

    [Fact]
    public void TheToleranceCanBeSet()
    {
        var verifier = new EventWebhookVerifier([SpecSecret], new FixedTime(SpecTime.AddMinutes(30))) { Tolerance = TimeSpan.FromHours(1) };
        Assert.Equal(EventWebhookVerification.Valid, verifier.Verify(SpecId, "1614265330", SpecSignature, SpecBody));
    }

    [Theory]
    [InlineData(null, "1614265330", SpecSignature, EventWebhookVerification.MissingHeaders)]
    [InlineData(SpecId, "", SpecSignature, EventWebhookVerification.MissingHeaders)]
    [InlineData(SpecId, "1614265330", null, EventWebhookVerification.MissingHeaders)]
    [InlineData(SpecId, "16142653.30", SpecSignature, EventWebhookVerification.MalformedTimestamp)]
    [InlineData(SpecId, "-1614265330", SpecSignature, EventWebhookVerification.MalformedTimestamp)]
    [InlineData(SpecId, "1614265331", SpecSignature, EventWebhookVerification.InvalidSignature)]
    [InlineData("msg_other", "1614265330", SpecSignature, EventWebhookVerification.InvalidSignature)]
    [InlineData(SpecId, "1614265330", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE", EventWebhookVerification.InvalidSignature)]
    [InlineData(SpecId, "1614265330", "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", EventWebhookVerification.InvalidSignature)]
    [InlineData(SpecId, "1614265330", "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", EventWebhookVerification.InvalidSignature)]
    [InlineData(SpecId, "1614265330", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", EventWebhookVerification.InvalidSignature)]
    [InlineData(SpecId, "1614265330", "v1,!!not base64!!", EventWebhookVerification.InvalidSignature)]
    public void BadHeaders_AreRefusedWithTheirReason(string? id, string? timestamp, string? signature, EventWebhookVerification expected)
        => Assert.Equal(expected, Verifier(SpecTime).Verify(id, timestamp, signature, SpecBody));

    [Fact]
    public void ATamperedBody_IsRefused()
    {
        var body = SpecBody.ToArray();
        body[^2] ^= 1;
        Assert.Equal(EventWebhookVerification.InvalidSignature, Verifier(SpecTime).Verify(SpecId, "1614265330", SpecSignature, body));
    }

    [Fact]
    public void DuringARotation_EverySecretSigns_AndEitherSideVerifies()
    {
        var next = EventWebhookSigner.NewSecret();
        var header = new EventWebhookSigner([SpecSecret, next]).Sign(SpecId, SpecTime, SpecBody);
        Assert.Equal(2, header.Split(' ').Length);
        Assert.StartsWith(SpecSignature + " v1,", header, StringComparison.Ordinal);

        var time = new FixedTime(SpecTime);
        Assert.Equal(EventWebhookVerification.Valid, new EventWebhookVerifier([next], time).Verify(SpecId, "1614265330", header, SpecBody));
        Assert.Equal(EventWebhookVerification.Valid, new EventWebhookVerifier([SpecSecret], time).Verify(SpecId, "1614265330", header, SpecBody));
        Assert.Equal(EventWebhookVerification.Valid, new EventWebhookVerifier([EventWebhookSigner.NewSecret(), next], time).Verify(SpecId, "1614265330", header, SpecBody));
        Assert.Equal(EventWebhookVerification.InvalidSignature, new EventWebhookVerifier([EventWebhookSigner.NewSecret()], time).Verify(SpecId, "1614265330", header, SpecBody));
    }

    [Theory]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("whsec_")]
    [InlineData("whsec_c2hvcnQ=")]
    [InlineData("whsec_not base64 at all")]
    [InlineData("")]
    public void InvalidSecrets_AreRefused_WithoutShowingThem(string secret)
    {
        Assert.False(EventWebhookSigner.IsValidSecret(secret));
        var error = Assert.Throws<ArgumentException>(() => new EventWebhookSigner([SpecSecret, secret]));
        Assert.Contains("Secret 2", error.Message, StringComparison.Ordinal);
        if (secret.Length > 6)
        {
            Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentException>(() => new EventWebhookVerifier([secret]));
    }

    [Fact]
    public void NewSecrets_AreValidAndDifferent()
    {
        var a = EventWebhookSigner.NewSecret();
        Assert.True(EventWebhookSigner.IsValidSecret(a));
        Assert.StartsWith("whsec_", a, StringComparison.Ordinal);
        Assert.NotEqual(a, EventWebhookSigner.NewSecret());
        Assert.Throws<ArgumentException>(() => new EventWebhookSigner([]));
    }

    [Fact]
    public void ThePayloadRoundTrips_WithItsEventInside()
    {
        var ticket = new TicketId("t1");
        var at = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var payload = new EventWebhookPayload("ticket.assigned", EventWebhookPayload.CurrentVersion, at, new TicketAssigned(ticket, at, null, new AgentId("zoe"), "round robin"));
        var json = SocialCareJson.Serialize(payload);

        Assert.Equal(
            """{"type":"ticket.assigned","version":1,"timestamp":"2026-11-23T10:00:00+00:00","data":{"type":"ticket.assigned","assignee":"zoe","reason":"round robin","ticketId":"t1","occurredAt":"2026-11-23T10:00:00+00:00"}}""",
            json);
        var read = SocialCareJson.Deserialize<EventWebhookPayload>(json);
        Assert.Equal(payload, read);
    }

    private static EventWebhookVerifier Verifier(DateTimeOffset now) => new([SpecSecret], new FixedTime(now));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
