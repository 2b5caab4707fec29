using MassTransit;
using Microsoft.Extensions.Options;

namespace Notifications.Scheduling.Redelivery;

/// <summary>
/// Which failures come back later instead of going to the error queue, and which attempt is a message's last. A
/// service has redelivery when it added it (<see cref="DelayedRedeliveryRegistration"/>) and
/// <c>Messaging:RedeliveryHours</c> is above 0. Bad input (<see cref="BadInput"/>) is never redelivered: it would
/// fail the same way every time, so it goes to the error queue at once, with its reason.
/// </summary>
public sealed class RedeliveryPolicy
{
    private readonly IOptions<MessagingOptions> options;

    /// <summary>The policy of a service that added redelivery.</summary>
    public RedeliveryPolicy(IOptions<MessagingOptions> options) : this(options, added: true) { }

    private RedeliveryPolicy(IOptions<MessagingOptions> options, bool added)
    {
        this.options = options;
        Schedule = RedeliverySchedule.From(options.Value);
        Enabled = added && Schedule.MaxRedeliveries > 0;
    }

    /// <summary>The policy of a service without redelivery: a failure's last in-memory retry is its last attempt.</summary>
    public static RedeliveryPolicy None(IOptions<MessagingOptions> options) => new(options, added: false);

    public RedeliverySchedule Schedule { get; }

    public bool Enabled { get; }

    /// <summary>Whether this failure of this delivery, once the in-memory retries are spent, is redelivered.</summary>
    public bool WillRedeliver(ConsumeContext context, Exception failure) =>
        !BadInput.Is(failure) && WillRedeliver(context);

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
