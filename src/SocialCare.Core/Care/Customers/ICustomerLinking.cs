using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>
/// One customer, several identities: links and unlinks channel identities, merges two customers and undoes a merge.
/// Every change is proposed to the host's <see cref="ICustomerLinkPolicy"/> first (its CRM decides or confirms) and
/// recorded in <see cref="Customer.LinkHistory"/>: who, when and why.
/// </summary>
/// <remarks>
/// <para>
/// Registered by <c>AddSocialCare()</c>; works over the registered <see cref="ICustomerDirectory"/>. Tickets are never
/// rewritten: a merged customer keeps their tickets and history under their own id, and <see cref="Customer.MergedInto"/>
/// says where they went, so a merge can be undone exactly.
/// </para>
/// <para>Thread-safe. Changes made through one instance are serialized; several app instances should link through one.</para>
/// </remarks>
public interface ICustomerLinking
{
    /// <summary>
    /// Links an identity to a customer; when it belonged to another customer it moves (the directory removes it there):
    /// the policy's proposal names that customer (<see cref="CustomerLinkProposal.OtherCustomer"/>), and their history
    /// records the identity leaving.
    /// </summary>
    /// <param name="customer">The customer.</param>
    /// <param name="identity">The identity (channel, account and user key; the name and phone are kept as given).</param>
    /// <param name="actor">Who asks: an agent id, or <c>system</c>.</param>
    /// <param name="reason">Why, in a few words, kept in the history.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The outcome, with the customer as changed.</returns>
    Task<CustomerLinkResult> LinkAsync(CustomerId customer, Participant identity, string actor, string reason, CancellationToken cancellationToken = default);

    /// <summary>Removes an identity from a customer: its next message resolves to a new customer.</summary>
    /// <param name="customer">The customer.</param>
    /// <param name="identity">The identity (matched by channel, account and user key).</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="reason">Why, kept in the history.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The outcome, with the customer as changed.</returns>
    Task<CustomerLinkResult> UnlinkAsync(CustomerId customer, Participant identity, string actor, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Merges <paramref name="source"/> into <paramref name="target"/>: the source's identities move to the target, and
    /// the source is marked <see cref="Customer.MergedInto"/> the target. Both keep their tickets. Repeating a merge that
    /// stopped half-way completes it.
    /// </summary>
    /// <param name="source">The customer merged away.</param>
    /// <param name="target">The customer that remains.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="reason">Why, kept in both histories.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The outcome, with the target as changed.</returns>
    Task<CustomerLinkResult> MergeAsync(CustomerId source, CustomerId target, string actor, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Undoes the latest merge of <paramref name="source"/>: the identities it brought go back to it (those the target
    /// still has), and it is no longer merged.
    /// </summary>
    /// <param name="source">The customer that was merged away.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="reason">Why, kept in both histories.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The outcome, with the source as restored.</returns>
    Task<CustomerLinkResult> UndoMergeAsync(CustomerId source, string actor, string reason, CancellationToken cancellationToken = default);

    /// <summary>Follows <see cref="Customer.MergedInto"/> to the customer that remains (the customer itself when not merged).</summary>
    /// <param name="customer">A customer id, perhaps of a merged customer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The customer that remains, or <see langword="null"/> when there is none with that id.</returns>
    Task<Customer?> ResolveAsync(CustomerId customer, CancellationToken cancellationToken = default);
}

/// <summary>Why a change to a customer's identities was not made.</summary>
public enum CustomerLinkError
{
    /// <summary>No customer has the id given.</summary>
    NotFound = 0,

    /// <summary>The host's <see cref="ICustomerLinkPolicy"/> refused it; see <see cref="CustomerLinkResult.Message"/>.</summary>
    Refused = 1,

    /// <summary>A customer cannot be merged into itself, or into a customer merged into it.</summary>
    SameCustomer = 2,

    /// <summary>The customer was erased, or is merged into another customer (change that one instead).</summary>
    Unavailable = 3,

    /// <summary>The customer is not merged, so there is no merge to undo.</summary>
    NotMerged = 4,
}

/// <summary>The outcome of a change to a customer's identities.</summary>
/// <param name="Customer">The customer as it is now; <see langword="null"/> only when not found.</param>
/// <param name="Error">Why nothing changed, or <see langword="null"/> when the change was made.</param>
/// <param name="Message">Words for people about the error, or <see langword="null"/>.</param>
public sealed record CustomerLinkResult(Customer? Customer, CustomerLinkError? Error = null, string? Message = null)
{
    /// <summary>Gets a value indicating whether the change was made.</summary>
    public bool Succeeded => Error is null;
}
