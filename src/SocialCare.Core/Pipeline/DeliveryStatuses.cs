using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>The rule that a delivery status only moves forward.</summary>
internal static class DeliveryStatuses
{
    /// <summary>
    /// Tells whether a message at <paramref name="current"/> may move to <paramref name="next"/>: forward along
    /// pending, sent, delivered, read (steps may be skipped, statuses arrive out of order); to failed from anything
    /// short of read (a late failure after a successful send counts); never out of failed.
    /// </summary>
    public static bool CanAdvance(DeliveryStatus current, DeliveryStatus next) => current switch
    {
        DeliveryStatus.Failed => false,
        _ when next == DeliveryStatus.Failed => current < DeliveryStatus.Read,
        _ => next > current && next != DeliveryStatus.None,
    };
}
