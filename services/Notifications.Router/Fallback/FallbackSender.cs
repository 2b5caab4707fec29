using Notifications.Router.Preferences;
using System.Diagnostics.Metrics;
using MassTransit;
using Notifications.Contracts;
using Notifications.Delivery;
using Notifications.Router.Directory;
using Notifications.Router.Holding;
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
/// <para>A grouped email (a delay window's) answers for every message of its window, so its failure sends what was held
/// beside each of them, as one SMS and one push for the window. A held command that cannot go (the recipient opted out
/// of its channel, muted the conversation, was removed, ...) ends as a suppression under its own id naming why.</para>
/// <para>An email suppressed when its delay window ends never goes, so no failure of it will come
/// (<see cref="EmailSuppressedAtReleaseAsync"/>): read before the window ended (<c>seen</c>), its held SMS and push are
/// dropped with the same outcome; suppressed for any other reason (the email opted out of, its address bounced, ...),
/// they go now as its fallback, each still checked against the recipient's choices for its own channel.</para>
/// </summary>
public sealed class FallbackSender(FallbackHolds holds, ChoicesAtRelease choices,
    ChannelSwitchStore switches, QuietHoursHold quietHours, DeliveryOutcomes outcomes, ILogger<FallbackSender> logger)
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
        await SendHeldAsync(context, new StandIn(failed.NotificationId, failed.Channel, failed.RecipientId, idBase, Group: null), held);
    }

    /// <summary>
    /// The grouped email of delay window <paramref name="windowId"/> is suppressed at its end, for <paramref name="reason"/>:
    /// what was held beside its notifications for a fallback ends now rather than expiring unsent (see the class's
    /// remarks). Once per window: the window's fallback is claimed as a failure of the grouped email would claim it, and
    /// goes as one SMS and one push for all its messages; a redelivered note claims it again and the senders' ledger
    /// sends it once.
    /// </summary>
    /// <param name="suppressed">The window's email notifications suppressed for <paramref name="reason"/>, oldest first.</param>
    public async Task EmailSuppressedAtReleaseAsync(ConsumeContext context, string windowId, IReadOnlyList<OutcomeSubject> suppressed, string reason)
    {
        if (suppressed.Count == 0)
            return;
        if (reason == SuppressionReasons.Seen)
        {
            await Task.WhenAll(suppressed.Select(email => DropSeenAsync(context, email)));
            return;
        }
        var idBases = suppressed.Select(email => NotificationIds.IdBaseOf(email.MessageId, email.NotificationId)).Distinct().ToList();
        // The grouped email would have had the first one's id: the fallback stands in for it, as for its failure.
        var standIn = suppressed[0];
        var held = await holds.TakeWindowAsync(windowId, standIn.RecipientId, idBases, standIn.NotificationId);
        if (held.Count == 0)
            return;
        logger.LogInformation("Email {NotificationId} suppressed at the end of its delay window ({Reason}): the {Held} SMS and push held beside its {Emails} notifications go as its fallback",
            standIn.NotificationId, reason, held.Count, suppressed.Count);
        await SendHeldAsync(context, new StandIn(standIn.NotificationId, Channels.Email, standIn.RecipientId, idBases[0], windowId), held);
    }

    /// <summary>The reader saw the message: its held SMS and push end as <c>seen</c> too, under their own ids, and are dropped.</summary>
    private async Task DropSeenAsync(ConsumeContext context, OutcomeSubject email)
    {
        var idBase = NotificationIds.IdBaseOf(email.MessageId, email.NotificationId);
        var held = await holds.BesideEmailAsync(idBase, email.RecipientId);
        if (held.Count == 0)
            return;
        // Published before the drop: a router that dies in between publishes them again from the redelivered note.
        await Task.WhenAll(held.Select(command => outcomes.SuppressedAsync(context,
            email with { NotificationId = command.Pending.NotificationId, Channel = command.Channel }, SuppressionReasons.Seen, command.Pending.Rule, context.CancellationToken)));
        await holds.DropBesideEmailAsync(idBase, email.RecipientId);
        logger.LogInformation("Email {NotificationId} seen before its delay window ended: {Held} fallback commands held beside it dropped", email.NotificationId, held.Count);
    }

    /// <summary>The notification a fallback stands in for, and the claim it took (<paramref name="Group"/>: a window's, named by its caller).</summary>
    private sealed record StandIn(string NotificationId, string Channel, string RecipientId, string IdBase, string? Group);

    /// <summary>
    /// Every held command ends in an outcome: sent as the fallback, joined to the recipient's quiet-hours summary, or
    /// suppressed under its own id with the reason it cannot go. What several messages of one window held on a channel
    /// goes as one command (the first's fallback id, the others grouped: "2 new messages"), as the window's own would.
    /// </summary>
    private async Task SendHeldAsync(ConsumeContext context, StandIn standIn, IReadOnlyList<TakenFallback> held)
    {
        try
        {
            // The recipient's opt-outs and bounced addresses as they are now, read as every release reads them.
            var candidate = await choices.RecipientAsync(standIn.RecipientId);
            if (candidate is null)
            {
                logger.LogInformation("Notification {NotificationId} will not reach its recipient; {RecipientId} is no longer in the directory: no fallback",
                    standIn.NotificationId, standIn.RecipientId);
                await Task.WhenAll(held.Select(command => UnsentAsync(context, command, SuppressionReasons.RecipientRemoved)));
                return;
            }
            var disabled = (await switches.GetAsync()).Where(state => !state.Enabled).Select(state => state.Channel).ToHashSet();
            await Task.WhenAll(held.GroupBy(command => command.Channel)
                .Select(channel => SendChannelAsync(context, standIn, candidate, disabled, channel.Key, channel.ToList())));
        }
        catch
        {
            // Nothing (or not everything) went out: the failure's redelivery claims the fallback again.
            await holds.ReleaseAsync(standIn.IdBase, standIn.RecipientId, standIn.Channel, standIn.NotificationId, standIn.Group);
            throw;
        }
    }

    private Task UnsentAsync(ConsumeContext context, TakenFallback command, string reason) =>
        outcomes.SuppressedAsync(context,
            new OutcomeSubject(command.Pending.NotificationId, command.Channel, command.Pending.Recipient.Id, command.Pending.Message.ConversationId, command.Pending.Message.MessageId),
            reason, command.Pending.Rule, context.CancellationToken);

    private async Task SendChannelAsync(ConsumeContext context, StandIn standIn, Candidate candidate, IReadOnlySet<string> disabled, string channel,
        IReadOnlyList<TakenFallback> held)
    {
        var sendable = new List<(TakenFallback Held, PendingNotification Fallback)>();
        foreach (var command in held.OrderBy(c => c.Pending.Message.PostedAt).ThenBy(c => c.Pending.NotificationId, StringComparer.Ordinal))
        {
            var why = disabled.Contains(channel) ? SuppressionReasons.ChannelDisabled
                : !HasAddress(candidate.Participant, channel) ? SuppressionReasons.NoContactAddress
                : PreferenceFilter.Suppression(candidate, command.Pending.Message.ConversationId, channel);
            if (why is not null)
            {
                logger.LogInformation("Notification {NotificationId} will not reach its recipient; the {Channel} fallback of {HeldId} is not sent ({Reason})",
                    standIn.NotificationId, channel, command.Pending.NotificationId, why);
                await UnsentAsync(context, command, why);
                continue;
            }
            var notificationId = NotificationIds.FallbackFor(command.IdBase, candidate.Participant.Id, channel);
            var fallback = command.Pending with { NotificationId = notificationId, Recipient = candidate.Participant.ToRecipient() };
            // In the recipient's quiet hours each joins their catch-up summary, which gives it its outcome.
            if (quietHours.EndOfQuietHours(channel, candidate.Participant.Preferences) is { } quietEnd
                && await quietHours.HoldAsync(context, channel, fallback, quietEnd))
                continue;
            sendable.Add((command, fallback));
        }
        if (sendable.Count == 0)
            return;
        var (_, first) = sendable[0];
        var grouped = sendable.Skip(1).Select(each => new GroupedNotification { NotificationId = each.Fallback.NotificationId, Message = each.Fallback.Message }).ToList();
        await ChannelCommands.SendAsync(context, channel, first.NotificationId, first.Rule, first.Recipient, first.Message,
            sendable.All(each => each.Fallback.OnlyWhileOffline), grouped, fallbackOf: standIn.NotificationId);
        Sent.Add(1, new(NotificationsTelemetry.Channel, channel), new("failed_channel", standIn.Channel));
        logger.LogInformation("Notification {NotificationId} ({FailedChannel}) will not reach its recipient: {Channel} fallback {FallbackId} sent for {Held} held notifications",
            standIn.NotificationId, standIn.Channel, channel, first.NotificationId, sendable.Count);
    }

    private static bool HasAddress(ParticipantRecord participant, string channel) => channel switch
    {
        Channels.Email => participant.Email is not null,
        Channels.Sms => participant.Phone is not null,
        Channels.Push => participant.PushDevices.Count > 0,
        _ => false,
    };
}
