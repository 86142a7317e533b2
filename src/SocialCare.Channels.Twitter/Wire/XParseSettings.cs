using System.Collections.Frozen;

namespace SocialCare.Channels.Twitter;

/// <summary>What the X webhook parser needs to know about the application (from <see cref="XOptions"/>).</summary>
/// <param name="Accounts">The user ids of the brand accounts served; items for any other account are skipped and counted.</param>
/// <param name="AppId">
/// The app's numeric id (<see cref="XOptions.AppId"/>), when known: a revoke that names another app (one webhook URL shared by
/// several apps) is skipped.
/// </param>
/// <param name="RetweetsOpenTickets">Whether a retweet of a post that is not the brand's own is a customer message (<see cref="XOptions.RetweetsOpenTickets"/>).</param>
/// <param name="QuotesOpenTickets">Whether a quote of a brand post is a customer message (<see cref="XOptions.QuotesOpenTickets"/>).</param>
/// <param name="ListeningAccount">The account listened-to posts (filtered stream, recent search) are filed under; <see langword="null"/> drops them.</param>
internal readonly record struct XParseSettings(
    FrozenSet<string> Accounts,
    string? AppId,
    bool RetweetsOpenTickets,
    bool QuotesOpenTickets,
    string? ListeningAccount)
{
    /// <summary>
    /// Gets when the body was received (the host's <c>TimeProvider</c>): the time of events whose payload carries none (X
    /// Activity API follows, blocks and mutes; a delete without <c>timestamp_ms</c>). When left at its default, such events
    /// are skipped and counted instead.
    /// </summary>
    public DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>Which X product a webhook body came from, told apart by its shape (x.md §0).</summary>
internal enum XPayloadFamily
{
    /// <summary>Nothing recognisable: no known top-level key.</summary>
    Unknown = 0,

    /// <summary>Account Activity API (v1.1 enterprise and v2): <c>for_user_id</c> and <c>*_events</c> arrays.</summary>
    AccountActivity = 1,

    /// <summary>X Activity API: <c>{"data":{"event_type":…,"payload":…}}</c>.</summary>
    ActivityApi = 2,

    /// <summary>A filtered-stream delivery: <c>{"data":…,"includes":…,"matching_rules":…}</c>.</summary>
    FilteredStream = 3,
}

/// <summary>What <see cref="XWebhookParser.TryParse"/> saw besides the events it produced; the host logs it.</summary>
internal sealed class XParseSummary
{
    /// <summary>The most distinct names <see cref="IgnoredKinds"/> keeps.</summary>
    public const int MaxIgnoredKinds = 16;

    private const int MaxKindLength = 64;

    /// <summary>Gets or sets the family the body was recognised as.</summary>
    public XPayloadFamily Family { get; set; }

    /// <summary>Gets or sets how many items (unknown keys, unknown event types, items that are not tickets or could not be used) were skipped.</summary>
    public int Ignored { get; set; }

    /// <summary>Gets or sets the distinct names of what was skipped (keys, types, reasons; never content), at most <see cref="MaxIgnoredKinds"/>.</summary>
    public List<string>? IgnoredKinds { get; set; }

    /// <summary>Gets or sets the accounts that revoked the app's access in this body (<c>user_event.revoke</c>, <c>oauth.revoke</c>).</summary>
    public List<string>? RevokedAccounts { get; set; }

    /// <summary>Gets or sets the <c>job_state</c> of a <c>replay_job_status</c> notice (<c>Complete</c>, <c>Incomplete</c>).</summary>
    public string? ReplayJobState { get; set; }

    /// <summary>Gets or sets the <c>job_id</c> of a <c>replay_job_status</c> notice.</summary>
    public string? ReplayJobId { get; set; }

    /// <summary>Gets or sets how many items were skipped because their account is not one of <see cref="XParseSettings.Accounts"/> (or none was given).</summary>
    public int UnknownAccountItems { get; set; }

    /// <summary>Counts a skipped item and keeps its kind's name.</summary>
    /// <param name="kind">A key, type or reason: never content.</param>
    public void AddIgnored(string kind)
    {
        Ignored++;
        IgnoredKinds ??= new List<string>(4);
        if (kind.Length > MaxKindLength)
        {
            // A name taken from the body: cut, so that a hostile body cannot fill the logs.
            kind = kind[..MaxKindLength];
        }

        if (IgnoredKinds.Count < MaxIgnoredKinds && !IgnoredKinds.Contains(kind))
        {
            IgnoredKinds.Add(kind);
        }
    }

    /// <summary>Records an account that revoked the app.</summary>
    /// <param name="account">The account's user id.</param>
    public void AddRevoked(string account)
    {
        RevokedAccounts ??= new List<string>(1);
        if (!RevokedAccounts.Contains(account))
        {
            RevokedAccounts.Add(account);
        }
    }
}
