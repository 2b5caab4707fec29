using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Notifications.SharedState.DeliveryLog;

public static class DeliveryLogRegistration
{
    /// <summary>
    /// The delivery log and <c>Console:DeliveryLogMaxEntries</c>: every service that ends a notification (the router
    /// and the three senders) writes its outcomes there, and the email sender's console reads them.
    /// </summary>
    public static IHostApplicationBuilder AddDeliveryLog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeliveryLogOptions>()
            .BindConfiguration(DeliveryLogOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<DeliveryLogStore>();
        return builder;
    }
}
