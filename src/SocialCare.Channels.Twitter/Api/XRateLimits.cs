using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;

namespace SocialCare.Channels.Twitter;

/// <summary>One rate-limit window as X reports it: the limit, what is left, and when it resets.</summary>
/// <param name="Limit">The window's limit.</param>
/// <param name="Remaining">The calls left in the window.</param>
/// <param name="Reset">When the window resets (X sends Unix epoch seconds).</param>
internal readonly record struct XRateWindow(int Limit, int Remaining, DateTimeOffset Reset)
{
    /// <summary>Tells whether the window is used up and still running at <paramref name="now"/>.</summary>
    public bool IsExhaustedAt(DateTimeOffset now) => Remaining <= 0 && Reset > now;
}

/// <summary>
/// The rate-limit headers of one answer (x.md §7.2): <c>x-rate-limit-limit|remaining|reset</c> for the endpoint's
/// window, and the optional daily caps <c>x-app-limit-24hour-*</c> and <c>x-user-limit-24hour-*</c>.
/// </summary>
/// <param name="Window">The endpoint's window, when the headers were present.</param>
/// <param name="App24Hour">The app's daily cap, when present.</param>
/// <param name="User24Hour">The user's daily cap, when present.</param>
internal readonly record struct XRateLimitHeaders(XRateWindow? Window, XRateWindow? App24Hour, XRateWindow? User24Hour)
{
    /// <summary>Gets a value indicating whether no rate-limit header was present.</summary>
    public bool IsEmpty => Window is null && App24Hour is null && User24Hour is null;

    /// <summary>Reads the headers of an answer; malformed values are ignored.</summary>
    /// <param name="headers">The answer's headers.</param>
    /// <returns>What the headers say.</returns>
    public static XRateLimitHeaders Read(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return new(
            ReadWindow(headers, "x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset"),
            ReadWindow(headers, "x-app-limit-24hour-limit", "x-app-limit-24hour-remaining", "x-app-limit-24hour-reset"),
            ReadWindow(headers, "x-user-limit-24hour-limit", "x-user-limit-24hour-remaining", "x-user-limit-24hour-reset"));
    }

    /// <summary>
    /// Returns how long to wait after a 429 with these headers: until the latest reset among the exhausted windows (a
    /// used-up daily cap wins over the 15-minute window), else until the endpoint window's reset (zero when it is already
    /// past), else what <c>Retry-After</c> says.
    /// </summary>
    /// <param name="response">The 429 answer.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The wait (never negative), or <see langword="null"/> when the answer does not say.</returns>
    public static TimeSpan? WaitAfterRateLimit(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = Read(response.Headers);

        // A reset already past (clocks differ, or the window just turned) means no wait: back-off takes over on repeats.
        if ((headers.ExhaustedUntil(now) ?? headers.Window?.Reset) is { } reset)
        {
            return reset > now ? reset - now : TimeSpan.Zero;
        }

        TimeSpan? wait = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => null,
        };
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>Returns the latest reset among the windows that are used up at <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <returns>When calls may go through again, or <see langword="null"/> when no window is exhausted.</returns>
    public DateTimeOffset? ExhaustedUntil(DateTimeOffset now) => Latest(now, Window, App24Hour, User24Hour);

    /// <summary>Returns the latest reset among the given windows that are exhausted at <paramref name="now"/>.</summary>
    internal static DateTimeOffset? Latest(DateTimeOffset now, params ReadOnlySpan<XRateWindow?> windows)
    {
        DateTimeOffset? latest = null;
        foreach (var window in windows)
        {
            if (window is { } w && w.IsExhaustedAt(now) && (latest is null || w.Reset > latest))
            {
                latest = w.Reset;
            }
        }

        return latest;
    }

    private static XRateWindow? ReadWindow(HttpResponseHeaders headers, string limitName, string remainingName, string resetName)
        => TryReadLong(headers, remainingName, out var remaining) && TryReadLong(headers, resetName, out var reset) && reset is > 0 and < 253402300800
            ? new XRateWindow(
                TryReadLong(headers, limitName, out var limit) ? (int)Math.Clamp(limit, 0, int.MaxValue) : 0,
                (int)Math.Clamp(remaining, int.MinValue, int.MaxValue),
                DateTimeOffset.FromUnixTimeSeconds(reset))
            : null;

    private static bool TryReadLong(HttpResponseHeaders headers, string name, out long value)
    {
        value = 0;
        return headers.TryGetValues(name, out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }
}

/// <summary>
/// Remembers X's rate-limit headers per account and endpoint, so that a call whose window is known to be used up is
/// held back (or refused) without spending a request on a certain 429 (x.md §7.2).
/// </summary>
/// <remarks>
/// Thread-safe. The endpoint window and the user's daily cap are kept per (account, endpoint); the app's daily cap per
/// endpoint, since every account of the app shares it. Calls with the app-only token use the account key
/// <see cref="AppAccount"/>.
/// </remarks>
internal sealed class XRateLimits
{
    /// <summary>The account key of app-only calls (recent search).</summary>
    public const string AppAccount = "app";

    private readonly ConcurrentDictionary<(string Account, string Endpoint), (XRateWindow? Window, XRateWindow? User24Hour)> _accounts = new();
    private readonly ConcurrentDictionary<string, XRateWindow> _app = new(StringComparer.Ordinal);

    /// <summary>Records what an answer's headers say; windows the answer does not mention keep their last state.</summary>
    /// <param name="account">The account's user id, or <see cref="AppAccount"/>.</param>
    /// <param name="endpoint">The endpoint, such as <c>POST /2/tweets</c>.</param>
    /// <param name="headers">The answer's rate-limit headers.</param>
    public void Record(string account, string endpoint, XRateLimitHeaders headers)
    {
        if (headers.IsEmpty)
        {
            return;
        }

        _accounts.AddOrUpdate(
            (account, endpoint),
            static (_, h) => (h.Window, h.User24Hour),
            static (_, old, h) => (h.Window ?? old.Window, h.User24Hour ?? old.User24Hour),
            headers);
        if (headers.App24Hour is { } app)
        {
            _app[endpoint] = app;
        }
    }

    /// <summary>Returns until when a call is certain to be refused: the latest reset among the exhausted windows.</summary>
    /// <param name="account">The account's user id, or <see cref="AppAccount"/>.</param>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The reset to wait for, or <see langword="null"/> when the call may go.</returns>
    public DateTimeOffset? BlockedUntil(string account, string endpoint, DateTimeOffset now)
    {
        _accounts.TryGetValue((account, endpoint), out var state);
        XRateWindow? app = _app.TryGetValue(endpoint, out var a) ? a : null;
        return XRateLimitHeaders.Latest(now, state.Window, state.User24Hour, app);
    }
}
