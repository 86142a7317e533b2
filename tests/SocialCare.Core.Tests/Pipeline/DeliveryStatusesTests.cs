namespace SocialCare.Core.Tests.Pipeline;

public class DeliveryStatusesTests
{
    [Theory]
    [InlineData(DeliveryStatus.Pending, DeliveryStatus.Sent, true)]
    [InlineData(DeliveryStatus.Sent, DeliveryStatus.Read, true)]
    [InlineData(DeliveryStatus.Read, DeliveryStatus.Delivered, false)]
    [InlineData(DeliveryStatus.Delivered, DeliveryStatus.Delivered, false)]
    [InlineData(DeliveryStatus.Sent, DeliveryStatus.Failed, true)]
    [InlineData(DeliveryStatus.Delivered, DeliveryStatus.Failed, true)]
    [InlineData(DeliveryStatus.Read, DeliveryStatus.Failed, false)]
    [InlineData(DeliveryStatus.Failed, DeliveryStatus.Read, false)]
    [InlineData(DeliveryStatus.Sent, DeliveryStatus.None, false)]
    public void CanAdvance_OnlyMovesForward(DeliveryStatus current, DeliveryStatus next, bool expected)
        => Assert.Equal(expected, DeliveryStatuses.CanAdvance(current, next));
}
