using System.Diagnostics;
using System.Diagnostics.Metrics;
using MassTransit;
using Notifications.Contracts;
using Notifications.ServiceDefaults.Messaging;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.Router.Routing;

/// <summary>Sends one channel command to its sender's queue: at once when routing, or when a delay window ends.</summary>
public static class ChannelCommands
{
    private static readonly Counter<long> Routed = NotificationsTelemetry.Meter.CreateCounter<long>("notifications.routed", description: "Channel commands the router sent");

    /// <param name="grouped">The later notifications of a delay window the command answers for too.</param>
    /// <param name="fallbackOf">The notification that failed for good and that this one stands in for, when it is a fallback.</param>
    /// <param name="summary">What a quiet-hours catch-up summary answers for; the sender words it.</param>
    public static async Task SendAsync(ConsumeContext context, string channel, string notificationId, string rule, NotificationRecipient recipient,
        NotifiedMessage message, bool onlyWhileOffline, IReadOnlyList<GroupedNotification>? grouped = null, string? fallbackOf = null, CatchUpSummary? summary = null)
    {
        grouped ??= [];
        var (queue, command) = channel switch
        {
            Channels.Email => (QueueNames.SendEmail, (object)new SendEmail { NotificationId = notificationId, Rule = rule, Recipient = recipient, Message = message, OnlyWhileOffline = onlyWhileOffline, Grouped = grouped, FallbackOf = fallbackOf, Summary = summary }),
            Channels.Sms => (QueueNames.SendSms, new SendSms { NotificationId = notificationId, Rule = rule, Recipient = recipient, Message = message, Grouped = grouped, FallbackOf = fallbackOf, Summary = summary }),
            Channels.Push => (QueueNames.SendPush, new SendPush { NotificationId = notificationId, Rule = rule, Recipient = recipient, Message = message, Grouped = grouped, FallbackOf = fallbackOf, Summary = summary }),
            Channels.Realtime => (QueueNames.SendRealtime, new SendRealtimeNotification { NotificationId = notificationId, Rule = rule, Recipient = recipient, Message = message }),
            _ => throw new InvalidOperationException($"No queue for channel {channel}."),
        };

        var endpoint = await context.GetSendEndpoint(QueueNames.Address(queue));
        await endpoint.Send(command, context.CancellationToken);
        Activity.Current?.AddEvent(new ActivityEvent("notification routed", tags: new() { [NotificationsTelemetry.NotificationId] = notificationId, [NotificationsTelemetry.Channel] = channel, [NotificationsTelemetry.RecipientId] = recipient.Id, [NotificationsTelemetry.Rule] = rule }));
        Routed.Add(1, new(NotificationsTelemetry.Channel, channel), new(NotificationsTelemetry.Rule, rule));
    }
}
