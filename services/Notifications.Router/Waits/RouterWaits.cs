using System.Diagnostics;
using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.Router.Routing;
using Notifications.Scheduling;
using Notifications.ServiceDefaults.Messaging;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.Router.Waits;

/// <summary>
/// The router's two durable waits. Each sends the router a note through the delay ladder
/// (<see cref="DelayedDelivery"/>); the note comes back to <c>notifications-router</c> when the wait is over and its
/// consumer decides again. Nothing waits in the router's memory, so no consumer slot is held and a restart of the
/// router loses no pending wait.
/// </summary>
public sealed class RouterWaits(
    HeldMessages held,
    DelayedDelivery delayed,
    IOptions<RoutingOptions> options,
    ILogger<RouterWaits> logger) : IRoutingWaits
{
    private static readonly Counter<long> Waits = NotificationsTelemetry.Meter.CreateCounter<long>("notifications.router.waits", description: "Messages the router parked in a wait queue before deciding");

    public async Task<bool> HoldForBotAsync(ConsumeContext context, MessagePosted message)
    {
        var grace = options.Value.TakeoverGraceSeconds;
        if (!await held.HoldAsync(message))
            return false;
        await ParkAsync(context, grace, new TakeoverGraceElapsed { Message = message }, "bot-outcome", "awaiting-bot");
        logger.LogInformation("Message {MessageId} in {ConversationId} waits up to {GraceSeconds} s for the bot's outcome (Human Takeover)",
            message.MessageId, message.ConversationId, grace);
        return true;
    }

    public async Task WaitForDirectoryAsync(ConsumeContext context, MessagePosted message, ElapsedWaits elapsed)
    {
        var wait = options.Value.DirectoryWaitSeconds;
        await ParkAsync(context, wait, new DirectoryWaitElapsed { Message = message, TakeoverGraceElapsed = elapsed.TakeoverGrace }, "directory", "awaiting-directory");
        logger.LogInformation("Message {MessageId} in {ConversationId} names recipients the directory does not know yet: it waits {WaitSeconds} s for their participant events",
            message.MessageId, message.ConversationId, wait);
    }

    /// <summary>Sends the note into the ladder (once it is declared); it comes back after <paramref name="seconds"/>.</summary>
    private async Task ParkAsync<TNote>(ConsumeContext context, int seconds, TNote note, string wait, string outcome) where TNote : class
    {
        await delayed.SendAsync(context, QueueNames.Router, TimeSpan.FromSeconds(seconds), note, context.CancellationToken);
        Waits.Add(1, new KeyValuePair<string, object?>(NotificationsTelemetry.Wait, wait));
        Activity.Current?.SetTag(NotificationsTelemetry.Outcome, outcome);
    }
}
