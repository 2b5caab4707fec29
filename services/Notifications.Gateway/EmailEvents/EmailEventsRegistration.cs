using Notifications.Delivery;
using Notifications.SharedState.Bounces;
using Notifications.Signing;

namespace Notifications.Gateway.EmailEvents;

/// <summary>Late bounces on the public edge: SendGrid's Event Webhook and the reports mailed to the VERP bounce addresses.</summary>
public static class EmailEventsRegistration
{
    public static IHostApplicationBuilder AddEmailEvents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SendGridWebhookOptions>().BindConfiguration(SendGridWebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ReplyDomainOptions>().BindConfiguration(ReplyDomainOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The follow-up failures are outcomes like any other: counted, published and written to the delivery log.
        builder.AddDeliveryOutcomes();
        builder.Services.AddSingleton<BounceRecordStore>();
        builder.Services.AddSingleton<EmailEventClaims>();
        builder.Services.AddScoped<BounceFollowUps>();
        // Handed the reports that come back to a bounce address by the inbound mail endpoint.
        builder.Services.AddScoped<DeliveryStatusReports>();
        return builder;
    }

    public static void MapEmailEvents(this WebApplication app) =>
        app.MapPost(SendGridEventWebhook.Path, SendGridEventWebhook.HandleAsync).DisableAntiforgery();
}
