namespace Notifications.WebhookSender.Posting;

/// <summary>What one POST came to.</summary>
public enum WebhookOutcome
{
    /// <summary>2xx: the platform has it.</summary>
    Delivered,

    /// <summary>5xx, 408, 429, a timeout or no connection: the receiver may take it later, so it is retried.</summary>
    Transient,

    /// <summary>Any other answer (4xx, a redirect, which is not followed): the same request would be refused again.</summary>
    Permanent,
}

public static class WebhookResponses
{
    public static WebhookOutcome Classify(int status) => status switch
    {
        >= 200 and <= 299 => WebhookOutcome.Delivered,
        // Request Timeout and Too Many Requests say "later", not "never".
        408 or 429 => WebhookOutcome.Transient,
        >= 500 => WebhookOutcome.Transient,
        _ => WebhookOutcome.Permanent,
    };
}

/// <summary>One POST's result: its outcome, the status when an answer came, and a reason fit for logs and the console.</summary>
public sealed record WebhookAttempt(WebhookOutcome Outcome, int? Status, string Reason);
