using System.ComponentModel.DataAnnotations;
using Notifications.ServiceDefaults.Messaging;

namespace Notifications.ConsumerHealth;

/// <summary>
/// When a receive endpoint counts as stalled, bound from the <c>Messaging</c> section beside
/// <see cref="MessagingOptions"/>: messages ready in its queue and none completed for <see cref="StallReadySeconds"/>.
/// </summary>
public sealed class StallOptions
{
    /// <summary>Quiet time with a backlog after which the service reports not ready. Must exceed the longest a
    /// healthy consumer takes for one message while others wait, or a slow message reads as a stall.</summary>
    [Range(1, 86_400)]
    public int StallReadySeconds { get; set; } = 60;

    /// <summary>Quiet time with a backlog after which <c>/health/live</c> fails too, so the pod is restarted.</summary>
    [Range(1, 86_400)]
    public int StallLiveSeconds { get; set; } = 300;

    /// <summary>How often the queue depths are read and the endpoints judged.</summary>
    [Range(1, 3600)]
    public int StallCheckSeconds { get; set; } = 5;

    /// <summary>Restart a stalled receive endpoint in the process (once per stall) before liveness gives up on the pod.</summary>
    public bool StallRestartEndpoint { get; set; } = true;

    public TimeSpan ReadyAfter => TimeSpan.FromSeconds(StallReadySeconds);
    public TimeSpan LiveAfter => TimeSpan.FromSeconds(Math.Max(StallLiveSeconds, StallReadySeconds));
    public TimeSpan CheckInterval => TimeSpan.FromSeconds(StallCheckSeconds);

    /// <summary>A depth older than this is not trusted (the broker stopped answering): no stall is judged on it.</summary>
    public TimeSpan DepthMaxAge => TimeSpan.FromSeconds(Math.Max(3 * StallCheckSeconds, 15));
}
