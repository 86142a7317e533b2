using System.Globalization;
using SocialCare.Abstractions;
using Xunit;

namespace SocialCare.Testing;

/// <content>
/// The outbound half: a text reply reaches the network with the right recipient and text and comes back with the
/// network's id; the same faults, injected through <see cref="INetworkFaults"/>, map to the same kinds of
/// <see cref="ChannelError"/> on every channel; the reply window is honoured as the capabilities declare it.
/// </content>
/// <remarks>
/// The fault tests expect one send to meet the injected fault. An adapter that retries inside (a Polly pipeline in its
/// <c>HttpClient</c>) would retry a server error away: turn its retries off in the test's host (the Facebook, WhatsApp and X
/// test classes set <c>Resilience.MaxRetryAttempts = 0</c>), or override <see cref="AttemptsPerSend"/> so that the suite
/// queues as many faults as the send makes attempts. Rate limits ask for a wait of <see cref="RateLimitWait"/>, longer
/// than the SDK's channels wait inside a call, so that they come back as errors rather than as a wait on the test's clock.
/// </remarks>
public abstract partial class ChannelAdapterContractTests
{
    /// <summary>Gets the wait the injected rate limits ask for: 2 minutes.</summary>
    protected static readonly TimeSpan RateLimitWait = TimeSpan.FromMinutes(2);

    /// <summary>Gets the network <see cref="Adapter"/> sends to (its emulator, or the fake of an integrator's gateway), where the suite injects faults and finds what was sent.</summary>
    protected abstract INetworkFaults Network { get; }

    /// <summary>Gets the clock the adapter runs on, for message ids and the customer's last message time.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>; override it when the adapter's host uses a fake clock.</value>
    protected virtual TimeProvider Clock => TimeProvider.System;

    /// <summary>Gets the customer of <see cref="PrivateConversation"/> as the network's send requests name them (<see cref="AcceptedMessage.Recipient"/>).</summary>
    /// <value>The default is the conversation's thread id, which for a private conversation is the customer's network id.</value>
    protected virtual string PrivateRecipient => PrivateConversation.Thread.Value;

    /// <summary>Gets how many attempts one send makes at most (one plus its retries); the suite queues that many of each fault.</summary>
    /// <value>The default is 1: the adapter's retries are turned off in the test's host.</value>
    protected virtual int AttemptsPerSend => 1;

    /// <summary>A text reply to <see cref="PrivateConversation"/>, as the engine hands it to the adapter; override to add what the channel needs (a <see cref="OutboundMessage.Recipient"/>, say).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The message.</returns>
    protected virtual OutboundMessage TextReply(string text)
        => new(MessageId.New(Clock.GetUtcNow()), PrivateConversation, [new TextPart(text)]);

    /// <summary>A text reply reaches the network addressed to the customer, and the result carries the id the network gave it.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task ATextReply_ReachesTheNetwork_WithTheNetworksId()
    {
        const string text = "Your parcel left our warehouse this morning; it should arrive tomorrow.";

        var result = await Adapter.SendAsync(TextReply(text), CancellationToken.None).ConfigureAwait(false);

        Assert.True(result.Succeeded, "Expected the reply to be sent, got " + Describe(result.Error));
        var accepted = Assert.Single(Network.AcceptedMessages);
        Assert.Equal(PrivateRecipient, accepted.Recipient);
        Assert.Equal(text, accepted.Text);
        Assert.Equal(new NetworkMessageId(accepted.Id), result.NetworkId);
    }

    /// <summary>A server error (5xx) is a transient channel error: the outbox tries again later.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task AServerError_IsATransientError()
    {
        var error = await SendThroughAsync("a server error", Network.FailNextWithServerError).ConfigureAwait(false);

        Assert.True(error.IsTransient, "A server error should be transient, got " + Describe(error));
        Assert.Equal(ChannelErrorKind.Transient, error.Kind);
        Assert.False(error.OutsideReplyWindow);
    }

    /// <summary>A connection that cannot be established is a transient channel error, not an exception.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task AConnectionError_IsATransientError()
    {
        var error = await SendThroughAsync("a connection error", Network.FailNextWithConnectionError).ConfigureAwait(false);

        Assert.True(error.IsTransient, "A connection error should be transient, got " + Describe(error));
        Assert.Equal(ChannelErrorKind.Transient, error.Kind);
    }

    /// <summary>A rate limit is a transient channel error that says how long the network asked to wait.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task ARateLimit_IsATransientError_WithTheWaitTheNetworkAskedFor()
    {
        var error = await SendThroughAsync("a rate limit", () => Network.FailNextWithRateLimit(RateLimitWait)).ConfigureAwait(false);

        Assert.True(error.IsTransient, "A rate limit should be transient, got " + Describe(error));
        Assert.Equal(ChannelErrorKind.RateLimited, error.Kind);
        Assert.True(error.RetryAfter is { } wait && (wait - RateLimitWait).Duration() <= TimeSpan.FromSeconds(1), string.Create(
            CultureInfo.InvariantCulture,
            $"The error should carry the wait the network asked for ({RateLimitWait}), got {error.RetryAfter?.ToString() ?? "none"}."));
    }

    /// <summary>An invalid or expired token is not transient: trying again changes nothing until the account is authorised again.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task AnInvalidToken_IsNotTransient()
    {
        var error = await SendThroughAsync("an invalid token", Network.FailNextWithInvalidToken).ConfigureAwait(false);

        Assert.False(error.IsTransient, "An invalid token should not be transient, got " + Describe(error));
        Assert.Equal(ChannelErrorKind.Unauthorized, error.Kind);
        Assert.Null(error.RetryAfter);
    }

    /// <summary>
    /// The network's "outside the reply window" answer is the window error, not transient; a network without a window
    /// cannot give it, which must match the adapter's capabilities (no <see cref="ChannelCapabilities.ReplyWindow"/>).
    /// </summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task TheNetworksWindowRefusal_IsTheWindowError()
    {
        if (Adapter.Capabilities.ReplyWindow is null)
        {
            // The adapter declares no window: its network must not know one either.
            Assert.Throws<NotSupportedException>(Network.FailNextOutsideWindow);
            return;
        }

        var error = await SendThroughAsync("a closed reply window", Network.FailNextOutsideWindow).ConfigureAwait(false);

        Assert.Equal(ChannelErrorKind.OutsideReplyWindow, error.Kind);
        Assert.True(error.OutsideReplyWindow, "The window error should set OutsideReplyWindow, got " + Describe(error));
        Assert.False(error.IsTransient, "A closed window does not open by waiting, got " + Describe(error));
    }

    /// <summary>
    /// A reply long after the customer last wrote gets the window error without a call to the network when the channel
    /// declares a reply window, and is sent when it declares none.
    /// </summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task AReplyLongAfterTheCustomerWrote_FollowsTheDeclaredWindow()
    {
        var capabilities = Adapter.Capabilities;
        var window = capabilities.TaggedReplyWindow > capabilities.ReplyWindow ? capabilities.TaggedReplyWindow : capabilities.ReplyWindow;
        var silence = (window ?? TimeSpan.FromDays(30)) + TimeSpan.FromDays(1);
        var reply = TextReply("Are you still there? We found your order.") with { CustomerLastMessageAt = Clock.GetUtcNow() - silence };

        var result = await Adapter.SendAsync(reply, CancellationToken.None).ConfigureAwait(false);

        if (window is null)
        {
            Assert.True(result.Succeeded, "The channel declares no reply window, so a late reply should be sent; got " + Describe(result.Error));
            Assert.Single(Network.AcceptedMessages);
            return;
        }

        Assert.True(result.Error is { Kind: ChannelErrorKind.OutsideReplyWindow, OutsideReplyWindow: true }, "Expected the window error, got " + Describe(result.Error));
        Assert.Empty(Network.AcceptedMessages);
    }

    /// <summary>An injected fault answers one send only: the next send goes through.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [Fact]
    public async Task AFault_AnswersOneSend_AndTheNextGoesThrough()
    {
        await SendThroughAsync("a server error", Network.FailNextWithServerError).ConfigureAwait(false);

        var result = await Adapter.SendAsync(TextReply("Trying again: your refund was approved."), CancellationToken.None).ConfigureAwait(false);

        Assert.True(result.Succeeded, "Expected the second reply to be sent, got " + Describe(result.Error));
        Assert.Equal(new NetworkMessageId(Assert.Single(Network.AcceptedMessages).Id), result.NetworkId);
    }

    /// <summary>Queues a fault (<see cref="AttemptsPerSend"/> times), sends a reply through it and returns the error it gave.</summary>
    private async Task<ChannelError> SendThroughAsync(string fault, Action inject)
    {
        for (var attempt = 0; attempt < AttemptsPerSend; attempt++)
        {
            inject();
        }

        var result = await Adapter.SendAsync(TextReply("We are looking into it and will write again shortly."), CancellationToken.None).ConfigureAwait(false);

        Assert.True(
            result.Error is not null,
            $"After {fault} the send should fail with a channel error, but it was sent (id {result.NetworkId}). An adapter that retries "
                + "inside must have its retries turned off in the test's host, or override AttemptsPerSend.");
        Assert.Null(result.NetworkId);
        Assert.Empty(Network.AcceptedMessages);
        return result.Error;
    }

    private static string Describe(ChannelError? error) => error is null
        ? "no error"
        : string.Create(CultureInfo.InvariantCulture, $"{error.Kind} '{error.Code}' (transient: {error.IsTransient}, retry after: {error.RetryAfter?.ToString() ?? "-"}): {error.Message}");
}
