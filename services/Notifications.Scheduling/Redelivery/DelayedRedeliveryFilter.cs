using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Logging;
using Notifications.ConsumerHealth;
using Notifications.ServiceDefaults.Telemetry;

namespace Notifications.Scheduling.Redelivery;

/// <summary>
/// Sits outside the in-memory retries: a message whose retries are all spent on a transient failure (Redis away, a
/// provider down) is put back into its own queue after a delay (<see cref="RedeliverySchedule"/>) instead of going to
/// the error queue, and acknowledged once its copy is in the broker. An outage of minutes or hours then heals by
/// itself; only when every redelivery failed too does the message go to the error queue, with its history in
/// <see cref="RedeliveryHeaders"/>.
/// </summary>
public sealed class DelayedRedeliveryFilter<T>(RedeliveryPolicy policy, LadderRedeliveryTransport transport, KillSwitches killSwitches, TimeProvider clock, ILogger logger)
    : IFilter<ConsumeContext<T>> where T : class
{
    private static readonly Counter<long> Redeliveries = NotificationsTelemetry.Meter.CreateCounter<long>(
        "notifications.redeliveries", description: "Messages put back into their queue after a delay, once their in-memory retries failed.");

    private static readonly Counter<long> Exhausted = NotificationsTelemetry.Meter.CreateCounter<long>(
        "notifications.redeliveries.exhausted", description: "Messages moved to the error queue after their last redelivery failed too.");

    public void Probe(ProbeContext context) => context.CreateFilterScope("delayed-redelivery");

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        try
        {
            await next.Send(context);
        }
        catch (Exception failure) when (!context.CancellationToken.IsCancellationRequested && !BadInput.Is(failure))
        {
            var queue = ReceiveQueueName.Of(context.ReceiveContext.InputAddress) ?? "unknown";
            var redelivery = RedeliveryHeaders.CountOf(context);
            if (!policy.WillRedeliver(context, failure))
            {
                Exhausted.Add(1, new KeyValuePair<string, object?>("queue", queue));
                logger.LogError(failure, "{MessageType} {MessageId} on {Queue} failed after {Redeliveries} redeliveries over {Hours:0.#} h; moved to the error queue",
                    typeof(T).Name, context.MessageId, queue, redelivery, policy.Schedule.TotalDelay.TotalHours);
                // No inner exception: the error queue's MT-Fault-Message is the innermost message, and this one says more.
                throw new RedeliveryExhaustedException(
                    $"Failed after {redelivery} redeliveries over {policy.Schedule.TotalDelay.TotalHours:0.#} h (Messaging:RedeliveryHours); last failure: {failure.GetType().Name}: {failure.Message}");
            }

            var delay = policy.Schedule.DelayBefore(redelivery);
            var firstFailedAt = RedeliveryHeaders.FirstFailedAtOf(context) ?? clock.GetUtcNow();
            try
            {
                await transport.RedeliverAsync(context, delay, send =>
                {
                    send.Headers.Set(RedeliveryHeaders.Count, redelivery + 1);
                    send.Headers.Set(RedeliveryHeaders.FirstFailedAt, firstFailedAt.ToString("O"));
                    send.Headers.Set(RedeliveryHeaders.LastReason, Truncate($"{failure.GetType().Name}: {failure.Message}"));
                });
            }
            catch (Exception redeliveryFailure) when (redeliveryFailure is not OperationCanceledException)
            {
                // Not acknowledged: the broker gives the message back (or MassTransit moves it to the error queue).
                logger.LogWarning(redeliveryFailure, "{MessageType} {MessageId} on {Queue} could not be put back for redelivery", typeof(T).Name, context.MessageId, queue);
                throw;
            }
            Redeliveries.Add(1, new KeyValuePair<string, object?>("queue", queue));
            logger.LogWarning("{MessageType} {MessageId} on {Queue} failed all in-memory retries ({Reason}); redelivery {Redelivery} of {MaxRedeliveries} in {Delay}",
                typeof(T).Name, context.MessageId, queue, failure.Message, redelivery + 1, policy.Schedule.MaxRedeliveries, delay);
            await killSwitches.FailedEveryRetry(queue, context, failure);
            await context.NotifyConsumed(context, context.ReceiveContext.ElapsedTime, nameof(DelayedRedeliveryFilter<T>));
        }
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];
}

/// <summary>A message failed its in-memory retries and every redelivery after them.</summary>
public sealed class RedeliveryExhaustedException(string message) : Exception(message);
