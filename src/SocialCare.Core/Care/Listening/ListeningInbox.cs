using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>
/// The recorded posts: a bounded, in-memory record of listened-to posts, filled as an activity sink. Apart from the
/// inbox because the ticket engine calls the activity sinks, and the inbox calls the engine.
/// </summary>
internal sealed class ListeningPosts(ListeningRules rules, IOptions<SocialCareOptions> options, TimeProvider time) : IActivitySink
{
    private readonly int _capacity = options.Value.Listening.RecordedPostsKept;
    private readonly ConcurrentDictionary<string, RecordedPost> _posts = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _gate = new();

    public Task OnActivityAsync(ActivityNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.Event is not MessageReceived post || post.Conversation.Visibility != ConversationVisibility.Public)
        {
            return Task.CompletedTask;
        }

        var id = $"{post.Conversation.Channel.Value}:{post.MessageId.Value}";
        var recorded = new RecordedPost(id, post, notice.Customer.Id, rules.Judge(post), time.GetUtcNow());
        lock (_gate)
        {
            if (_posts.TryAdd(id, recorded))
            {
                _order.Enqueue(id);
                while (_order.Count > _capacity && _order.TryDequeue(out var oldest))
                {
                    _posts.TryRemove(oldest, out _);
                }
            }
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<RecordedPost> List(int limit = 50)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_gate)
        {
            return [.. _order.Reverse().Take(limit).Select(id => _posts[id])];
        }
    }

    public RecordedPost? Get(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _posts.TryGetValue(id, out var post) ? post : null;
    }

    public void MarkEngaged(RecordedPost post, TicketId ticket) => _posts.TryUpdate(post.Id, post with { Ticket = ticket }, post);
}

/// <summary>The <see cref="IListeningInbox"/> over the recorded posts and the ticket engine.</summary>
internal sealed class ListeningInbox(ListeningPosts posts, ITicketOpener opener, ITicketEngine engine, ICustomerDirectory customers) : IListeningInbox
{
    public IReadOnlyList<RecordedPost> List(int limit = 50) => posts.List(limit);

    public RecordedPost? Get(string id) => posts.Get(id);

    public async Task<EngageResult> EngageAsync(EngageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Get(request.PostId) is not { } recorded)
        {
            return new EngageResult(null, null, $"No recorded post {request.PostId}.");
        }

        var customer = await customers.GetAsync(recorded.Customer, cancellationToken).ConfigureAwait(false)
            ?? await customers.ResolveAsync(recorded.Post.Customer, cancellationToken).ConfigureAwait(false);
        var reason = recorded.Verdict.Rule is { } rule
            ? $"engaged by {request.Agent} from a recorded mention (rule {rule})"
            : $"engaged by {request.Agent} from a recorded mention";
        var ticket = await opener.OpenFromPostAsync(recorded.Post, customer, reason, cancellationToken).ConfigureAwait(false);
        posts.MarkEngaged(recorded, ticket.Id);

        if (request.Parts.Count == 0)
        {
            return new EngageResult(ticket, null);
        }

        var reply = await engine.ReplyAsync(new ReplyRequest(ticket.Id, request.Agent, request.Parts) { Private = request.Private }, cancellationToken).ConfigureAwait(false);
        return new EngageResult(ticket, reply);
    }
}
