using SocialCare.Abstractions;

namespace SocialCare.Samples.Console.Webchat;

/// <summary>A message waiting for the widget to collect it.</summary>
/// <param name="Id">The id the channel gave the message; the widget echoes it in later events.</param>
/// <param name="VisitorId">The visitor the message is for.</param>
/// <param name="Text">The text.</param>
public sealed record WebchatOutgoingMessage(NetworkMessageId Id, string VisitorId, string Text);

/// <summary>Answers waiting for the widget: it has no push channel, so it polls the app, which takes them from here.</summary>
/// <remarks>
/// A singleton, thread-safe. In memory only, so waiting answers are lost on restart: a real widget backend keeps them
/// in a durable queue.
/// </remarks>
public sealed class WebchatOutbox
{
    private readonly Lock _gate = new();
    private readonly List<WebchatOutgoingMessage> _waiting = [];
    private long _lastId;

    /// <summary>Takes every message waiting for a visitor, oldest first; the widget's poll endpoint calls this.</summary>
    /// <param name="visitorId">The visitor.</param>
    /// <returns>The messages, now removed from the outbox; empty when there are none.</returns>
    public IReadOnlyList<WebchatOutgoingMessage> Take(string visitorId)
    {
        lock (_gate)
        {
            var taken = _waiting.FindAll(m => m.VisitorId == visitorId);
            _waiting.RemoveAll(m => m.VisitorId == visitorId);
            return taken;
        }
    }

    internal NetworkMessageId Add(string visitorId, string text)
    {
        var id = new NetworkMessageId($"wc-out-{Interlocked.Increment(ref _lastId)}");
        lock (_gate)
        {
            _waiting.Add(new WebchatOutgoingMessage(id, visitorId, text));
        }

        return id;
    }
}
