using System.Globalization;
using SocialCare.Abstractions;
using SocialCare.Testing;

namespace SocialCare.Channels.WhatsApp.Tests;

public sealed class WhatsAppSendGateTests
{
    private const string Number = WhatsAppHost.PhoneNumberId;
    private const string SharedNumber = WhatsAppHost.SecondPhoneNumberId;
    private static readonly TimeSpan Tolerance = TimeSpan.FromTicks(10);

    private static (WhatsAppSendGate Gate, FakeTimeProvider Time) Create(Action<WhatsAppOptions>? configure = null)
    {
        var options = new WhatsAppOptions();
        options.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = Number });
        options.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = SharedNumber, ThroughputPerSecond = 20 });
        configure?.Invoke(options);
        var time = new FakeTimeProvider(WhatsAppHost.FixtureTime);
        return (new WhatsAppSendGate(options, time), time);
    }

    private static string Customer(int i) => "4477009" + i.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>Enters and asserts the gate answered at once, without waiting.</summary>
    private static ChannelError? EnterNow(WhatsAppSendGate gate, string number, string recipient)
    {
        var entry = gate.EnterAsync(number, recipient, default);
        Assert.True(entry.IsCompleted, "the gate made the send wait");
        return entry.Result;
    }

    private static void AssertClose(TimeSpan expected, TimeSpan? actual)
    {
        Assert.NotNull(actual);
        Assert.InRange(actual.Value, expected - Tolerance, expected + Tolerance);
    }

    // ------------------------------------------------------------------ throughput per number

    [Fact]
    public void Throughput_80SendsAtOneInstant_AllPassAtOnce()
    {
        var (gate, _) = Create();

        for (var i = 0; i < 80; i++)
        {
            Assert.Null(EnterNow(gate, Number, Customer(i)));
        }
    }

    [Fact]
    public async Task Throughput_The81st_WaitsAbout1Over80Second()
    {
        var (gate, time) = Create();
        for (var i = 0; i < 80; i++)
        {
            Assert.Null(EnterNow(gate, Number, Customer(i)));
        }

        // 1/80 s = 12.5 ms; Task.Delay counts whole milliseconds, so the send goes after 12 ms (its slot is reserved either way).
        var waiting = gate.EnterAsync(Number, Customer(80), default).AsTask();
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(11));
        await Task.Delay(10);
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(2));

        Assert.Null(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Throughput_WaitingSends_ReserveSlotsOneAfterAnother()
    {
        var (gate, time) = Create();
        for (var i = 0; i < 80; i++)
        {
            EnterNow(gate, Number, Customer(i));
        }

        // The first waits 12.5 ms, the second 25 ms (whole milliseconds: 12 and 25).
        var first = gate.EnterAsync(Number, Customer(80), default).AsTask();
        var second = gate.EnterAsync(Number, Customer(81), default).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(13));
        Assert.Null(await first.WaitAsync(TimeSpan.FromSeconds(5)));
        await Task.Delay(10);
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(12));

        Assert.Null(await second.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Throughput_CancelledWhileWaiting_Throws()
    {
        var (gate, _) = Create();
        for (var i = 0; i < 80; i++)
        {
            EnterNow(gate, Number, Customer(i));
        }

        using var cancel = new CancellationTokenSource();
        var waiting = gate.EnterAsync(Number, Customer(80), cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Throughput_WithNoWaitAllowed_The81stIsRateLimitedFor12Point5Milliseconds()
    {
        var (gate, _) = Create(o => o.MaxThrottleWait = TimeSpan.Zero);
        for (var i = 0; i < 80; i++)
        {
            Assert.Null(EnterNow(gate, Number, Customer(i)));
        }

        var limited = EnterNow(gate, Number, Customer(80));

        Assert.NotNull(limited);
        Assert.Equal(ChannelErrorKind.RateLimited, limited.Kind);
        Assert.Equal("throughput_limited", limited.Code);
        Assert.True(limited.IsTransient);
        AssertClose(TimeSpan.FromMilliseconds(12.5), limited.RetryAfter);
    }

    [Fact]
    public void Throughput_AWaitLongerThanAllowed_IsRateLimitedNotWaited()
    {
        var (gate, _) = Create(o => o.MaxThrottleWait = TimeSpan.FromMilliseconds(20));
        for (var i = 0; i < 80; i++)
        {
            EnterNow(gate, Number, Customer(i));
        }

        // 81st: 12.5 ms (waits, reserves); 82nd: 25 ms > 20 ms (refused).
        var first = gate.EnterAsync(Number, Customer(80), default);
        var second = EnterNow(gate, Number, Customer(81));

        Assert.False(first.IsCompleted);
        Assert.Equal("throughput_limited", second!.Code);
        AssertClose(TimeSpan.FromMilliseconds(25), second.RetryAfter);
    }

    [Fact]
    public void Throughput_ANumberSharedWithTheBusinessApp_Passes20PerSecond()
    {
        var (gate, _) = Create(o => o.MaxThrottleWait = TimeSpan.Zero);
        for (var i = 0; i < 20; i++)
        {
            Assert.Null(EnterNow(gate, SharedNumber, Customer(i)));
        }

        var limited = EnterNow(gate, SharedNumber, Customer(20));

        Assert.Equal("throughput_limited", limited!.Code);
        AssertClose(TimeSpan.FromMilliseconds(50), limited.RetryAfter);

        // The other number's limiter is its own.
        Assert.Null(EnterNow(gate, Number, Customer(20)));
    }

    [Fact]
    public void Throughput_AnUnconfiguredNumber_Gets80PerSecond()
    {
        var (gate, _) = Create(o => o.MaxThrottleWait = TimeSpan.Zero);
        for (var i = 0; i < 80; i++)
        {
            Assert.Null(EnterNow(gate, "555000111222333", Customer(i)));
        }

        Assert.NotNull(EnterNow(gate, "555000111222333", Customer(80)));
    }

    [Fact]
    public void Throughput_OneSecondLater_80MorePass()
    {
        var (gate, time) = Create(o => o.MaxThrottleWait = TimeSpan.Zero);
        for (var i = 0; i < 80; i++)
        {
            EnterNow(gate, Number, Customer(i));
        }

        Assert.NotNull(EnterNow(gate, Number, Customer(80)));
        time.Advance(TimeSpan.FromSeconds(1));

        for (var i = 100; i < 180; i++)
        {
            Assert.Null(EnterNow(gate, Number, Customer(i)));
        }

        Assert.NotNull(EnterNow(gate, Number, Customer(180)));
    }

    [Fact]
    public void Throughput_HalfASecondLater_HalfAsManyPass()
    {
        var (gate, time) = Create(o => o.MaxThrottleWait = TimeSpan.Zero);
        for (var i = 0; i < 80; i++)
        {
            EnterNow(gate, Number, Customer(i));
        }

        time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Equal(40, Enumerable.Range(100, 80).Count(i => EnterNow(gate, Number, Customer(i)) is null));
    }

    [Fact]
    public async Task Throughput_ManyThreadsAtOnce_LetExactly80Through()
    {
        var (gate, _) = Create(o => o.MaxThrottleWait = TimeSpan.Zero);
        var passed = 0;

        await Parallel.ForAsync(0, 400, async (i, ct) =>
        {
            if (await gate.EnterAsync(Number, Customer(i), ct) is null)
            {
                Interlocked.Increment(ref passed);
            }
        });

        Assert.Equal(80, passed);
    }

    // ------------------------------------------------------------------ pacer per recipient

    [Fact]
    public void Pacer_AfterTheBurst_TheSixthToOneCustomerIsPacedForSixSeconds()
    {
        var (gate, _) = Create();
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(EnterNow(gate, Number, Customer(1)));
        }

        var paced = EnterNow(gate, Number, Customer(1));

        Assert.NotNull(paced);
        Assert.Equal(ChannelErrorKind.RateLimited, paced.Kind);
        Assert.Equal("recipient_paced", paced.Code);
        Assert.True(paced.IsTransient);
        AssertClose(TimeSpan.FromSeconds(6), paced.RetryAfter);
    }

    [Fact]
    public void Pacer_SixSecondsLater_OneMorePassesThenItIsPacedAgain()
    {
        var (gate, time) = Create();
        for (var i = 0; i < 5; i++)
        {
            EnterNow(gate, Number, Customer(1));
        }

        Assert.NotNull(EnterNow(gate, Number, Customer(1)));
        time.Advance(TimeSpan.FromSeconds(3));
        AssertClose(TimeSpan.FromSeconds(3), EnterNow(gate, Number, Customer(1))!.RetryAfter);
        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Null(EnterNow(gate, Number, Customer(1)));
        AssertClose(TimeSpan.FromSeconds(6), EnterNow(gate, Number, Customer(1))!.RetryAfter);
    }

    [Fact]
    public void Pacer_OtherCustomersAndOtherNumbers_AreUnaffected()
    {
        var (gate, _) = Create();
        for (var i = 0; i < 5; i++)
        {
            EnterNow(gate, Number, Customer(1));
        }

        Assert.NotNull(EnterNow(gate, Number, Customer(1)));

        Assert.Null(EnterNow(gate, Number, Customer(2)));
        Assert.Null(EnterNow(gate, SharedNumber, Customer(1)));
    }

    [Fact]
    public void Pacer_ConfiguredBurstAndInterval_AreHonoured()
    {
        var (gate, _) = Create(o =>
        {
            o.RecipientBurst = 2;
            o.RecipientInterval = TimeSpan.FromSeconds(10);
        });

        Assert.Null(EnterNow(gate, Number, Customer(1)));
        Assert.Null(EnterNow(gate, Number, Customer(1)));

        AssertClose(TimeSpan.FromSeconds(10), EnterNow(gate, Number, Customer(1))!.RetryAfter);
    }

    [Fact]
    public void Pacer_WithAZeroInterval_NeverPaces()
    {
        var (gate, _) = Create(o => o.RecipientInterval = TimeSpan.Zero);

        for (var i = 0; i < 50; i++)
        {
            Assert.Null(EnterNow(gate, Number, Customer(1)));
        }
    }

    [Fact]
    public void Pacer_ARefusedSendByTheNumbersLimiter_DoesNotUseTheCustomersBurst()
    {
        var (gate, time) = Create(o => o.MaxThrottleWait = TimeSpan.Zero);
        for (var i = 0; i < 80; i++)
        {
            EnterNow(gate, Number, Customer(100 + i));
        }

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("throughput_limited", EnterNow(gate, Number, Customer(1))!.Code);
        }

        time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(EnterNow(gate, Number, Customer(1)));
        }
    }

    [Fact]
    public void Return_GivesTheCustomersSlotBack()
    {
        var (gate, _) = Create();
        for (var i = 0; i < 5; i++)
        {
            EnterNow(gate, Number, Customer(1));
        }

        Assert.NotNull(EnterNow(gate, Number, Customer(1)));
        gate.Return(Number, Customer(1));

        Assert.Null(EnterNow(gate, Number, Customer(1)));
        Assert.NotNull(EnterNow(gate, Number, Customer(1)));
    }

    [Fact]
    public void Return_NeverFillsTheBurstBeyondItsSize()
    {
        var (gate, _) = Create();
        EnterNow(gate, Number, Customer(1));
        gate.Return(Number, Customer(1));
        gate.Return(Number, Customer(1));
        gate.Return(Number, Customer(1));
        gate.Return(Number, "never-seen");

        for (var i = 0; i < 5; i++)
        {
            Assert.Null(EnterNow(gate, Number, Customer(1)));
        }

        Assert.NotNull(EnterNow(gate, Number, Customer(1)));
    }

    [Fact]
    public void Pacer_ForgettingIdleCustomers_KeepsThoseStillPaced()
    {
        var (gate, time) = Create(o => o.PhoneNumbers[0].ThroughputPerSecond = 10_000);
        for (var i = 0; i < 5; i++)
        {
            EnterNow(gate, Number, "paced-customer");
        }

        // Well over the 1,024 entries between clean-ups, while the paced customer's burst is still spent.
        for (var i = 0; i < 2_100; i++)
        {
            Assert.Null(EnterNow(gate, Number, Customer(i)));
        }

        time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 2_100; i++)
        {
            Assert.Null(EnterNow(gate, Number, Customer(10_000 + i)));
        }

        Assert.Equal("recipient_paced", EnterNow(gate, Number, "paced-customer")!.Code);
    }

    // ------------------------------------------------------------------ through the adapter

    [Fact]
    public async Task Adapter_TheSixthQuickMessageToOneCustomer_IsRateLimitedWithoutACall()
    {
        await using var host = new WhatsAppHost();
        var oliver = new Participant(ChannelId.WhatsApp, new ChannelAccountId(Number), new NetworkUserId("GB.1839201746502938")) { Phone = "447700900123" };
        OutboundMessage Next(int i) => new(MessageId.New(host.Time.GetUtcNow()), ConversationRef.PrivateWith(oliver), [new TextPart("Update " + i.ToString(CultureInfo.InvariantCulture))])
        {
            Recipient = oliver,
            CustomerLastMessageAt = host.Time.GetUtcNow().AddMinutes(-1),
        };

        for (var i = 0; i < 5; i++)
        {
            Assert.True((await host.Adapter.SendAsync(Next(i), default)).Succeeded);
        }

        var sixth = await host.Adapter.SendAsync(Next(5), default);

        Assert.False(sixth.Succeeded);
        Assert.Equal(ChannelErrorKind.RateLimited, sixth.Error!.Kind);
        Assert.Equal("recipient_paced", sixth.Error.Code);
        Assert.True(sixth.Error.IsTransient);
        AssertClose(TimeSpan.FromSeconds(6), sixth.Error.RetryAfter);
        Assert.Equal(5, host.Graph.Requests.Count);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 3005 && e.Message.Contains("recipient_paced", StringComparison.Ordinal));

        host.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.True((await host.Adapter.SendAsync(Next(6), default)).Succeeded);
        Assert.Equal(6, host.Graph.Requests.Count);
    }
}
