using System.ComponentModel.DataAnnotations;

namespace Notifications.Gateway.Ingest;

/// <summary>The <c>Ingest</c> section: the HTTP ingest's signing key and limits.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>
    /// The HMAC-SHA256 key platforms sign requests with (secret). Unset: the ingest refuses every request, so an
    /// ingest deployed without a key is never open.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Largest request body accepted; the default fits the longest valid chat message (Routing:MaxMessageLength) as JSON.</summary>
    [Range(1024, 64 * 1024 * 1024, ErrorMessage = "Ingest:MaxBodyBytes must be between 1024 and 67108864.")]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How far a request's X-Timestamp may be from now, either way: a captured request cannot be replayed later.</summary>
    [Range(1, 3600, ErrorMessage = "Ingest:MaxClockSkewSeconds must be between 1 and 3600.")]
    public int MaxClockSkewSeconds { get; set; } = 300;

    /// <summary>How long a request waits for the broker to confirm its publish before it is answered 503 (retry later).</summary>
    [Range(1, 120, ErrorMessage = "Ingest:PublishTimeoutSeconds must be between 1 and 120.")]
    public int PublishTimeoutSeconds { get; set; } = 10;
}
