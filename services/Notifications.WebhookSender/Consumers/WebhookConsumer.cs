using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults.Messaging;
using Notifications.Scheduling.Redelivery;
using Notifications.ServiceDefaults.Telemetry;
using Notifications.SharedState.Webhooks;
using Notifications.WebhookSender.Posting;

namespace Notifications.WebhookSender.Consumers;

/// <summary>
/// Posts one event the system published back (an outcome, a reply) to the platform's webhook URL. A transient failure
/// throws, so the bus's in-memory retries and then the delay ladder try again for up to <c>Messaging:RedeliveryHours</c>;
/// a refusal, or the last attempt's failure, becomes a dead letter the console shows and can replay.
/// </summary>
public sealed class WebhookConsumer<T>(
    WebhookPoster poster,
    WebhookDeadLetterStore deadLetters,
    RedeliveryPolicy redelivery,
    IOptions<MessagingOptions> messaging,
    TimeProvider clock,
    ILogger<WebhookConsumer<T>> logger) : IConsumer<T> where T : class
{
    private static readonly Counter<long> Posted = NotificationsTelemetry.Meter.CreateCounter<long>(
        "notifications.webhooks", description: "Webhook posts by event type and outcome (delivered, transient, permanent, dead-lettered).");

    public async Task Consume(ConsumeContext<T> context)
    {
        var type = typeof(T).Name;
        var id = WebhookBody.IdOf(context);
        var body = WebhookBody.Create(type, id, WebhookBody.OccurredAt(context.Message, context.SentTime, clock), context.Message);
        var attempt = await poster.PostAsync(type, id, body, context.CancellationToken);
        Count(type, attempt.Outcome.ToString().ToLowerInvariant());
        if (attempt.Outcome == WebhookOutcome.Delivered)
            return;

        if (attempt.Outcome == WebhookOutcome.Transient && !redelivery.IsFinalAttempt(context))
            throw new WebhookUndeliveredException($"{type} {id}: {attempt.Reason}");

        var attempts = AttemptsSoFar(context);
        var letter = new WebhookDeadLetter
        {
            EventType = type,
            EventId = id,
            UrlHost = poster.Host,
            Status = attempt.Status,
            Reason = attempt.Outcome == WebhookOutcome.Permanent ? attempt.Reason : $"{attempt.Reason} (attempts ran out: Messaging:RedeliveryHours)",
            Permanent = attempt.Outcome == WebhookOutcome.Permanent,
            Attempts = attempts,
            At = clock.GetUtcNow(),
            Body = System.Text.Encoding.UTF8.GetString(body),
        };
        // Should Redis fail here, the exception retries the message and, at worst, it lands in the error queue: never lost.
        var entry = await deadLetters.AddAsync(letter);
        Count(type, "dead-lettered");
        logger.LogError("Webhook {Type} {WebhookId} dead-lettered as {Entry} after {Attempts} attempts: {Reason}",
            type, id, entry, attempts, letter.Reason);
    }

    /// <summary>Every attempt this message had, this one included: each redelivery started a fresh set of in-memory retries.</summary>
    private int AttemptsSoFar(ConsumeContext context) =>
        RedeliveryHeaders.CountOf(context) * (messaging.Value.RetryLimit + 1) + context.GetRetryAttempt() + 1;

    private static void Count(string type, string outcome) =>
        Posted.Add(1, new KeyValuePair<string, object?>("type", type), new KeyValuePair<string, object?>("outcome", outcome));
}

/// <summary>A webhook the receiver did not take this time; its message is tried again.</summary>
public sealed class WebhookUndeliveredException(string message) : Exception(message);
