using System.Reflection;
using MassTransit;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>A publish endpoint whose publishes never complete until their token is cancelled, as a publish waiting
/// for the confirm of a broker channel that is gone.</summary>
public class UnconfirmedPublishes : DispatchProxy
{
    public static IPublishEndpoint Create() => Create<IPublishEndpoint, UnconfirmedPublishes>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod?.Name != nameof(IPublishEndpoint.Publish))
            throw new NotSupportedException($"{targetMethod?.Name} is not expected in this test.");
        var token = args?.OfType<CancellationToken>().FirstOrDefault() ?? CancellationToken.None;
        return Task.Delay(Timeout.Infinite, token);
    }
}
