using SocialCare.Testing.Meta;

namespace SocialCare.Testing;

/// <summary>
/// The Graph API and X API emulators, each served over HTTP on its own <see cref="EmulatorServer"/>, with the
/// <see cref="DemoAccounts"/> registered: point an application's Facebook and WhatsApp channels at
/// <see cref="GraphBaseUrl"/> and its X channel at <see cref="XBaseUrl"/>, and it talks to emulated networks.
/// </summary>
/// <remarks>
/// <para>
/// The Graph emulator accepts <see cref="DemoAccounts.PageAccessToken"/> and <see cref="DemoAccounts.WhatsAppAccessToken"/>
/// (and refuses other tokens with error 190); the X emulator knows the brand account <see cref="DemoAccounts.XBrandUserId"/>
/// signing with OAuth 1.0a as <see cref="DemoAccounts.XConsumerKey"/>. Make the networks fail or slow down through
/// <see cref="Graph"/> and <see cref="X"/> (<c>FailNextWithWindowClosed</c>, <c>FailNextWithRateLimit</c>,
/// <c>DelayNext</c>…). Add more accounts the same way.
/// </para>
/// <para>Thread-safe. Dispose to stop both servers.</para>
/// </remarks>
public sealed class NetworkEmulators : IAsyncDisposable
{
    /// <summary>The <see cref="EmulatedRequest.Network"/> of Graph API requests.</summary>
    public const string GraphNetwork = "graph";

    /// <summary>The <see cref="EmulatedRequest.Network"/> of X API requests.</summary>
    public const string XNetwork = "x";

    private readonly Lock _gate = new();
    private readonly SortedList<long, EmulatedRequest> _requests = [];
    private EmulatorServer? _graphServer;
    private EmulatorServer? _xServer;

    private NetworkEmulators(TimeProvider time)
    {
        Graph = new GraphApiEmulator(time);
        Graph.AddAccessToken(DemoAccounts.PageAccessToken);
        Graph.AddAccessToken(DemoAccounts.WhatsAppAccessToken);
        X = new XApiEmulator(time);
        X.AddAccount(DemoAccounts.XBrandUserId, DemoAccounts.XConsumerKey, DemoAccounts.XConsumerSecret, DemoAccounts.XAccessToken, DemoAccounts.XAccessTokenSecret);
    }

    /// <summary>Gets the Graph API emulator (Messenger, Page comments, WhatsApp Cloud API).</summary>
    public GraphApiEmulator Graph { get; }

    /// <summary>Gets the X API emulator.</summary>
    public XApiEmulator X { get; }

    /// <summary>Gets the Graph API's base address, such as <c>http://127.0.0.1:53817/</c>: the channels' <c>GraphApiBaseUrl</c>.</summary>
    public Uri GraphBaseUrl => _graphServer!.BaseAddress;

    /// <summary>Gets the X API's base address, such as <c>http://127.0.0.1:53818/</c>: the X channel's <c>ApiBaseUrl</c>.</summary>
    public Uri XBaseUrl => _xServer!.BaseAddress;

    /// <summary>Gets the requests both networks received since the start or the last <see cref="Clear"/>, in arrival order, once answered.</summary>
    public IReadOnlyList<EmulatedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests.Values];
            }
        }
    }

    /// <summary>Starts both emulators on free ports of 127.0.0.1.</summary>
    /// <param name="timeProvider">The emulators' clock (ids, token and rate-limit expiries, delays, <see cref="EmulatedRequest.ReceivedAt"/>); the system clock when <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the start.</param>
    /// <returns>The running emulators.</returns>
    public static async Task<NetworkEmulators> StartAsync(TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var time = timeProvider ?? TimeProvider.System;
        var emulators = new NetworkEmulators(time);
        try
        {
            emulators._graphServer = await EmulatorServer.StartAsync(emulators.Graph, e => emulators.Record(GraphNetwork, e), time, cancellationToken).ConfigureAwait(false);
            emulators._xServer = await EmulatorServer.StartAsync(emulators.X, e => emulators.Record(XNetwork, e), time, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await emulators.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return emulators;
    }

    /// <summary>Forgets the requests recorded so far (here and in <see cref="GraphApiEmulator.Requests"/> and <see cref="XApiEmulator.Requests"/>); accounts, queued failures and sent messages stay.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }

        Graph.ClearRequests();
        X.ClearRequests();
    }

    /// <summary>Stops both servers and disposes the emulators.</summary>
    /// <returns>A task that completes when both servers have stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_graphServer is not null)
        {
            await _graphServer.DisposeAsync().ConfigureAwait(false);
        }

        if (_xServer is not null)
        {
            await _xServer.DisposeAsync().ConfigureAwait(false);
        }

        Graph.Dispose();
        X.Dispose();
    }

    private void Record(string network, EmulatorExchange exchange)
    {
        var request = new EmulatedRequest(network, exchange.Method, exchange.Path, exchange.Query, exchange.Body, exchange.StatusCode, exchange.ReceivedAt);
        lock (_gate)
        {
            // Servers number arrivals process-wide, so both networks' requests fall in one order.
            _requests.Add(exchange.Sequence, request);
        }
    }
}

/// <summary>A request one of the <see cref="NetworkEmulators"/> received, and how it was answered.</summary>
/// <param name="Network">Which network received it: <c>graph</c> or <c>x</c>.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, such as <c>/v25.0/108372615940281/messages</c> or <c>/2/tweets</c>.</param>
/// <param name="Query">The query string without its <c>?</c>, still encoded.</param>
/// <param name="Body">The body, as UTF-8 text.</param>
/// <param name="StatusCode">The HTTP status answered, or 0 when the emulator cut the connection (or the client left first).</param>
/// <param name="ReceivedAt">When it arrived, on the emulators' clock.</param>
public sealed record EmulatedRequest(string Network, string Method, string Path, string Query, string Body, int StatusCode, DateTimeOffset ReceivedAt);
