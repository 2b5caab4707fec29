using MassTransit;
using Microsoft.Extensions.Options;

namespace Notifications.ServiceDefaults.Messaging.Redelivery;

/// <summary>
/// Which failures come back later instead of going to the error queue, and which attempt is a message's last. A
/// service has redelivery when it registered an <see cref="IRedeliveryTransport"/> and <c>Messaging:RedeliveryHours</c>
/// is above 0. Bad input (<see cref="InvalidMessageException"/>, JSON that does not parse) is never redelivered: it
/// would fail the same way every time, so it goes to the error queue at once, with its reason.
/// </summary>
public sealed class RedeliveryPolicy(IOptions<MessagingOptions> options, IEnumerable<IRedeliveryTransport> transports)
{
    public RedeliverySchedule Schedule { get; } = RedeliverySchedule.From(options.Value);

    public bool Enabled { get; } = transports.Any() && RedeliverySchedule.From(options.Value).MaxRedeliveries > 0;

    public static bool IsBadInput(Exception failure) =>
        failure is InvalidMessageException or System.Text.Json.JsonException or System.Runtime.Serialization.SerializationException;

    /// <summary>Whether this failure of this delivery, once the in-memory retries are spent, is redelivered.</summary>
    public bool WillRedeliver(ConsumeContext context, Exception failure) =>
        !IsBadInput(failure) && WillRedeliver(context);

    /// <summary>Whether a transient failure of this delivery still has a redelivery left.</summary>
    public bool WillRedeliver(ConsumeContext context) =>
        Enabled && RedeliveryHeaders.CountOf(context) < Schedule.MaxRedeliveries;

    /// <summary>
    /// The last attempt this message gets: the in-memory retries are spent (GetRetryAttempt is 0 on the first try and
    /// counts the retries after it) and no redelivery is left. Its consumer reports the failure as final on this one.
    /// </summary>
    public bool IsFinalAttempt(ConsumeContext context) =>
        context.GetRetryAttempt() >= options.Value.RetryLimit && !WillRedeliver(context);
}
