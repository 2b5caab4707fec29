using System.Reflection;
using MassTransit;

namespace Notifications.ConsumerHealth.Tests;

/// <summary>A receive endpoint the detector may hold and hand out, but that the rule's tests never call.</summary>
public class UnusedEndpoint : DispatchProxy
{
    public static IReceiveEndpoint Create() => Create<IReceiveEndpoint, UnusedEndpoint>();

    protected override object Invoke(MethodInfo? targetMethod, object?[]? args) =>
        throw new NotSupportedException($"{targetMethod?.Name} is not expected in this test.");
}
