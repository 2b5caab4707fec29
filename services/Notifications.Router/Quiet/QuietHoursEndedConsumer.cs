using MassTransit;

namespace Notifications.Router.Quiet;

/// <summary>Quiet hours are over: send their catch-up summary (<see cref="QuietSummaryRelease"/>).</summary>
public sealed class QuietHoursEndedConsumer(QuietSummaryRelease release) : IConsumer<QuietHoursEnded>
{
    public Task Consume(ConsumeContext<QuietHoursEnded> context) => release.ReleaseAsync(context, context.Message);
}
