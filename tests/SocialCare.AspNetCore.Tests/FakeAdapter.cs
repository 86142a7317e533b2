using System.Text;
using SocialCare.Abstractions;

namespace SocialCare.AspNetCore.Tests;

/// <summary>A custom channel's adapter that records what it receives and answers through a delegate.</summary>
internal sealed class FakeAdapter(ChannelId channel, Func<WebhookRequest, WebhookResult> receive) : IChannelAdapter
{
    private readonly List<Received> _requests = [];

    public ChannelId Channel => channel;

    public ChannelCapabilities Capabilities { get; } = new(ChannelFeatures.None, MessagePartKinds.Text);

    public IReadOnlyList<Received> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public ValueTask<WebhookResult> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        lock (_requests)
        {
            _requests.Add(new Received(request.Method, request.Path, Encoding.UTF8.GetString(request.Body.Span), new Dictionary<string, string>(request.Query), request.Headers.TryGetValue("CONTENT-TYPE", out var type) ? type : null));
        }

        return ValueTask.FromResult(receive(request));
    }

    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        => throw new NotSupportedException("This test channel only receives.");

    /// <summary>A copy of a request (the body's buffer goes back to the pool after the answer); the content type as the header dictionary itself finds it, in capitals.</summary>
    internal sealed record Received(string Method, string Path, string Body, IReadOnlyDictionary<string, string> Query, string? ContentType);
}

/// <summary>Wraps a real adapter and waits before each request, so that an answer sent before the pipeline finished would show.</summary>
internal sealed class SlowAdapter(IChannelAdapter inner, TimeSpan delay, TaskCompletionSource? entered) : IChannelAdapter
{
    public ChannelId Channel => inner.Channel;

    public ChannelCapabilities Capabilities => inner.Capabilities;

    /// <summary>Wraps every adapter registered so far.</summary>
    /// <param name="services">The services.</param>
    /// <param name="delay">The wait before each request.</param>
    /// <param name="entered">Completed when a request starts waiting.</param>
    public static void WrapAll(Microsoft.Extensions.DependencyInjection.IServiceCollection services, TimeSpan delay, TaskCompletionSource? entered = null)
    {
        var registered = services.Where(d => d.ServiceType == typeof(IChannelAdapter)).ToList();
        foreach (var descriptor in registered)
        {
            var factory = descriptor.ImplementationFactory ?? throw new InvalidOperationException("The channels register their adapters through factories.");
            services.Remove(descriptor);
            services.Add(Microsoft.Extensions.DependencyInjection.ServiceDescriptor.Singleton<IChannelAdapter>(sp => new SlowAdapter((IChannelAdapter)factory(sp), delay, entered)));
        }
    }

    public async ValueTask<WebhookResult> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        entered?.TrySetResult();
        await Task.Delay(delay, cancellationToken);
        return await inner.ReceiveAsync(request, cancellationToken);
    }

    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) => inner.SendAsync(message, cancellationToken);
}
