using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>The default link policy: SocialCare's own directory decides, so every proposal is approved.</summary>
internal sealed class DefaultCustomerLinkPolicy : ICustomerLinkPolicy
{
    private static readonly ValueTask<CustomerLinkDecision> Approved = ValueTask.FromResult(CustomerLinkDecision.Approve);

    public ValueTask<CustomerLinkDecision> DecideAsync(CustomerLinkProposal proposal, CancellationToken cancellationToken) => Approved;
}
