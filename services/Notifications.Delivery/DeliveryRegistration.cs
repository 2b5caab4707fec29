using Microsoft.Extensions.Options;
using Notifications.Scheduling.Redelivery;
using Notifications.ServiceDefaults.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Notifications.SharedState.DeliveryLog;
using Notifications.SharedState.Ledger;
using Notifications.SharedState.StoredDocuments;

namespace Notifications.Delivery;

public static class DeliveryRegistration
{
    /// <summary>What every service that ends a notification needs: <see cref="DeliveryOutcomes"/> and the delivery log it writes to.</summary>
    public static IHostApplicationBuilder AddDeliveryOutcomes(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddDeliveryLog();
        builder.Services.TryAddSingleton<DeliveryOutcomes>();
        return builder;
    }

    /// <summary>
    /// What a sender needs: the outcomes, the idempotency ledger and the delivery pipeline around its provider call,
    /// and the stored provider settings with their cipher.
    /// </summary>
    public static IHostApplicationBuilder AddNotificationDelivery(this IHostApplicationBuilder builder)
    {
        builder.AddDeliveryOutcomes();
        builder.AddStoredDocuments();
        builder.Services.TryAddSingleton<DeliveryLedger>();
        builder.Services.TryAddSingleton<NotificationDelivery>();
        // A service that adds delayed redelivery (every sender) replaces this with its own policy.
        builder.Services.TryAddSingleton(services => RedeliveryPolicy.None(services.GetRequiredService<IOptions<MessagingOptions>>()));
        return builder;
    }
}
