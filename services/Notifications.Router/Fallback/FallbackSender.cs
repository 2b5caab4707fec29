using Notifications.Router.Preferences;
using System.Diagnostics.Metrics;
using MassTransit;
using Notifications.Contracts;
using Notifications.Router.Directory;
using Notifications.Router.Quiet;
using Notifications.Router.Routing;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.SharedState.AddressMarks;
using Notifications.SharedState.ChannelSwitches;
using Notifications.SharedState.OptOuts;

namespace Notifications.Router.Fallback;

/// <summary>
/// Sends what a notification that failed for good stands in for (notification-rules.md, "Conversation continuity"):
/// the held SMS and push when the email failed, the held email when an SMS or push failed. Once per message (per
/// group, for a grouped email): <see cref="FallbackHolds.TakeAsync"/> claims it before anything is sent. Each command
/// goes under its fallback id (<see cref="NotificationIds.FallbackFor"/>) with <c>FallbackOf</c> = the failed
/// notification, to the recipient's current contact details, unless they have since opted out, muted the
/// conversation, lost the address, or the channel was switched off; an SMS or push in the recipient's quiet hours
/// joins their catch-up summary like any other.
/// </summary>
public sealed class FallbackSender(FallbackHolds holds, ChoicesAtRelease choices,
    ChannelSwitchStore switches, QuietHoursHold quietHours, ILogger<FallbackSender> logger)
{
    private static readonly Counter<long> Sent = NotificationsTelemetry.Meter.CreateCounter<long>("notifications.router.fallback.sent", description: "Fallback commands the router sent for a notification that failed for good");

    public async Task FallBackAsync(ConsumeContext context, NotificationFailed failed)
    {
        // The failed notification's own id base: an escalation's email falls back to what was held for the escalation.
        var idBase = NotificationIds.IdBaseOf(failed.MessageId, failed.NotificationId);
        var held = await holds.TakeAsync(idBase, failed.RecipientId, failed.Channel, failed.NotificationId);
        if (held.Count == 0)
        {
            logger.LogDebug("Notification {NotificationId} failed for good: nothing held to fall back to, or its fallback was sent already", failed.NotificationId);
            return;
        }
        try
        {
            // The recipient's opt-outs and bounced addresses as they are now, read as every release reads them.
            var candidate = await choices.RecipientAsync(failed.RecipientId);
            if (candidate is null)
            {
                logger.LogInformation("Notification {NotificationId} failed for good; its recipient {RecipientId} is no longer in the directory: no fallback",
                    failed.NotificationId, failed.RecipientId);
                return;
            }
            var disabled = (await switches.GetAsync()).Where(state => !state.Enabled).Select(state => state.Channel).ToHashSet();
            await Task.WhenAll(held.Select(command => SendAsync(context, failed, idBase, candidate, disabled, command)));
        }
        catch
        {
            // Nothing (or not everything) went out: the failure's redelivery claims the fallback again.
            await holds.ReleaseAsync(idBase, failed.RecipientId, failed.Channel, failed.NotificationId);
            throw;
        }
    }

    private async Task SendAsync(ConsumeContext context, NotificationFailed failed, string idBase, Candidate candidate, IReadOnlySet<string> disabled, HeldCommand command)
    {
        var pending = command.Pending;
        var channel = command.Channel;
        var why = disabled.Contains(channel) ? SuppressionReasons.ChannelDisabled
            : !HasAddress(candidate.Participant, channel) ? SuppressionReasons.NoContactAddress
            : PreferenceFilter.Suppression(candidate, pending.Message.ConversationId, channel);
        if (why is not null)
        {
            logger.LogInformation("Notification {NotificationId} failed for good; its {Channel} fallback is not sent ({Reason})", failed.NotificationId, channel, why);
            return;
        }
        var notificationId = NotificationIds.FallbackFor(idBase, candidate.Participant.Id, channel);
        var fallback = pending with { NotificationId = notificationId, Recipient = candidate.Participant.ToRecipient() };
        if (quietHours.EndOfQuietHours(channel, candidate.Participant.Preferences) is { } quietEnd
            && await quietHours.HoldAsync(context, channel, fallback, quietEnd))
            return;
        await ChannelCommands.SendAsync(context, channel, notificationId, pending.Rule, fallback.Recipient, pending.Message, pending.OnlyWhileOffline,
            fallbackOf: failed.NotificationId);
        Sent.Add(1, new(NotificationsTelemetry.Channel, channel), new("failed_channel", failed.Channel));
        logger.LogInformation("Notification {NotificationId} ({FailedChannel}) failed for good: {Channel} fallback {FallbackId} sent",
            failed.NotificationId, failed.Channel, channel, notificationId);
    }

    private static bool HasAddress(ParticipantRecord participant, string channel) => channel switch
    {
        Channels.Email => participant.Email is not null,
        Channels.Sms => participant.Phone is not null,
        Channels.Push => participant.PushDevices.Count > 0,
        _ => false,
    };
}
