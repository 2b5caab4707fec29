namespace Notifications.Chaos;

/// <summary>What a provider stub does with one request while faults are on.</summary>
public enum Fault
{
    None,

    /// <summary>SMTP 451 / HTTP 503: refused, nothing sent.</summary>
    Unavailable,

    /// <summary>HTTP 429 with Retry-After: refused, nothing sent.</summary>
    Throttled,

    /// <summary>Accepted (the provider sends it) but answered after the client's timeout: the client cannot know.</summary>
    LateAnswer,
}

/// <summary>Decides, per request, whether the sinks fail it transiently; on only during the fault window.</summary>
public sealed class FaultInjector(int percent)
{
    private readonly Random random = new(7);
    private readonly Lock gate = new();
    private volatile bool active;
    private long injected;

    public bool Active
    {
        get => active;
        set => active = value;
    }

    public long Injected => Interlocked.Read(ref injected);

    /// <summary>Twilio refuses every request (503) while set: a provider outage, on top of the random faults.</summary>
    public bool TwilioDown
    {
        get => twilioDown;
        set => twilioDown = value;
    }

    private volatile bool twilioDown;

    /// <param name="allowLate">HTTP providers only: one fault in 200 is an answer later than the client's timeout
    /// (each such request holds a consumer for the whole timeout, so they stay rare).</param>
    public Fault Next(bool allowLate)
    {
        if (!active || percent == 0)
            return Fault.None;
        int roll;
        lock (gate)
            roll = random.Next(100 * 200);
        if (roll >= percent * 200)
            return Fault.None;
        Interlocked.Increment(ref injected);
        return (roll % 200) switch
        {
            0 when allowLate => Fault.LateAnswer,
            // A 429 pauses the provider for every instance (Retry-After), so one fault in ten is one.
            < 20 when allowLate => Fault.Throttled,
            _ => Fault.Unavailable,
        };
    }
}
