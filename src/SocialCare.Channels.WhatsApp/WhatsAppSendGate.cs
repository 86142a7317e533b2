using SocialCare.Abstractions;

namespace SocialCare.Channels.WhatsApp;

/// <summary>
/// Keeps sends within WhatsApp's limits before the network has to refuse them (meta.md §8.6): a throughput limiter per
/// phone number (80 messages per second by default, error 130429 beyond) and a pacer per recipient (a short burst, then
/// one message per interval, so that bursts to one customer do not trigger the pair rate limit, error 131056).
/// </summary>
/// <remarks>
/// Thread-safe. Token buckets on the <see cref="TimeProvider"/>'s clock. A number's limiter makes a send wait when the wait
/// is short (at most <see cref="WhatsAppOptions.MaxThrottleWait"/>, reserving its slot); a longer wait, or a recipient
/// whose burst is spent, hands the send back as <see cref="ChannelErrorKind.RateLimited"/> with the time to try again,
/// which the outbox honours, so that no worker sleeps for seconds.
/// </remarks>
internal sealed class WhatsAppSendGate
{
    private const int PruneEvery = 1024;
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxWait;
    private readonly Dictionary<string, Bucket> _numbers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Number, string Recipient), Bucket> _recipients = [];
    private readonly Dictionary<string, int> _throughput = new(StringComparer.Ordinal);
    private readonly int _recipientBurst;
    private readonly double _recipientPerSecond;
    private int _sinceCleanup;

    public WhatsAppSendGate(WhatsAppOptions options, TimeProvider time)
    {
        _time = time;
        _maxWait = options.MaxThrottleWait;
        _recipientBurst = options.RecipientBurst;
        _recipientPerSecond = options.RecipientInterval <= TimeSpan.Zero ? double.PositiveInfinity : 1 / options.RecipientInterval.TotalSeconds;
        foreach (var number in options.PhoneNumbers)
        {
            _throughput[number.PhoneNumberId] = number.ThroughputPerSecond;
        }
    }

    /// <summary>
    /// Takes a slot for one message from a number to a recipient: waits briefly when the number is busy, or answers why
    /// not now (with the time to try again).
    /// </summary>
    /// <param name="phoneNumberId">The sending number.</param>
    /// <param name="recipient">The recipient's key (phone or business-scoped id).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <param name="paceRecipient">
    /// Whether the recipient's pacer counts this message: <see langword="true"/> for the first message of a reply, so that
    /// a reply split into several Cloud API messages is never stopped half-way (which would resend its first parts).
    /// </param>
    /// <returns><see langword="null"/> when the message may go now; otherwise a rate-limited error.</returns>
    public async ValueTask<ChannelError?> EnterAsync(string phoneNumberId, string recipient, CancellationToken cancellationToken, bool paceRecipient = true)
    {
        TimeSpan wait;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            Prune(now);
            var pacer = GetOrAdd(_recipients, (phoneNumberId, recipient), _recipientBurst, _recipientPerSecond, now);
            var recipientWait = paceRecipient ? pacer.WaitFor(now) : TimeSpan.Zero;
            if (recipientWait > TimeSpan.Zero)
            {
                return Limited("recipient_paced", "Several messages went to this customer just now; WhatsApp allows about one every 6 seconds after a short burst (pair rate limit).", recipientWait);
            }

            var rate = _throughput.GetValueOrDefault(phoneNumberId, WhatsAppDefaults.DefaultThroughputPerSecond);
            var limiter = GetOrAdd(_numbers, phoneNumberId, rate, rate, now);
            wait = limiter.WaitFor(now);
            if (wait > _maxWait)
            {
                return Limited("throughput_limited", "The phone number is sending at its throughput limit (messages per second).", wait);
            }

            // Both slots are taken now; the number's may lie a little in the future, which the wait below covers.
            if (paceRecipient)
            {
                pacer.Take(now);
            }

            limiter.Take(now);
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Gives a recipient's slot back when the send was refused before any call (so a refusal does not use up the burst).</summary>
    /// <param name="phoneNumberId">The sending number.</param>
    /// <param name="recipient">The recipient's key.</param>
    public void Return(string phoneNumberId, string recipient)
    {
        lock (_gate)
        {
            if (_recipients.TryGetValue((phoneNumberId, recipient), out var pacer))
            {
                pacer.Give();
            }
        }
    }

    private static ChannelError Limited(string code, string message, TimeSpan retryAfter) => new(code, message)
    {
        Kind = ChannelErrorKind.RateLimited,
        IsTransient = true,
        RetryAfter = retryAfter,
    };

    private Bucket GetOrAdd<TKey>(Dictionary<TKey, Bucket> buckets, TKey key, int capacity, double perSecond, long now)
        where TKey : notnull
    {
        if (!buckets.TryGetValue(key, out var bucket))
        {
            bucket = new Bucket(capacity, perSecond, now, _time.TimestampFrequency);
            buckets.Add(key, bucket);
        }

        return bucket;
    }

    /// <summary>Forgets recipients whose burst has refilled: they are as good as new, and the map must not grow for ever.</summary>
    private void Prune(long now)
    {
        if (++_sinceCleanup < PruneEvery)
        {
            return;
        }

        _sinceCleanup = 0;
        List<(string, string)>? idle = null;
        foreach (var (key, bucket) in _recipients)
        {
            if (bucket.IsFull(now))
            {
                (idle ??= []).Add(key);
            }
        }

        foreach (var key in idle ?? [])
        {
            _recipients.Remove(key);
        }
    }

    /// <summary>A token bucket: <c>capacity</c> tokens, refilled at <c>perSecond</c>; the count may go below one token ahead (a reservation).</summary>
    private sealed class Bucket(int capacity, double perSecond, long now, long frequency)
    {
        private double _tokens = capacity;
        private long _at = now;

        /// <summary>How long until a token is free (zero when one is free now).</summary>
        public TimeSpan WaitFor(long now)
        {
            Refill(now);
            if (_tokens >= 1)
            {
                return TimeSpan.Zero;
            }

            return double.IsPositiveInfinity(perSecond) ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - _tokens) / perSecond);
        }

        public void Take(long now)
        {
            Refill(now);
            _tokens -= 1;
        }

        public void Give() => _tokens = Math.Min(capacity, _tokens + 1);

        public bool IsFull(long now)
        {
            Refill(now);
            return _tokens >= capacity;
        }

        private void Refill(long now)
        {
            if (now <= _at)
            {
                return;
            }

            var seconds = (now - _at) / (double)frequency;
            _tokens = double.IsPositiveInfinity(perSecond) ? capacity : Math.Min(capacity, _tokens + (seconds * perSecond));
            _at = now;
        }
    }
}
