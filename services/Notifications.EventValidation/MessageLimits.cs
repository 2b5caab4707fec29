using System.ComponentModel.DataAnnotations;

namespace Notifications.EventValidation;

/// <summary>
/// The size limits of a chat message, bound from the <c>Routing</c> section by the router and by the gateway, so the
/// ingest refuses what the router would.
/// </summary>
public sealed class MessageLimits
{
    public const string Section = "Routing";

    /// <summary>Longest chat message accepted, in characters; longer ones go to the error queue.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Routing:MaxMessageLength must be between 1 and 1000000.")]
    public int MaxMessageLength { get; set; } = 100_000;

    /// <summary>Most attachments one chat message may carry; more go to the error queue.</summary>
    [Range(0, 10_000, ErrorMessage = "Routing:MaxAttachments must be between 0 and 10000.")]
    public int MaxAttachments { get; set; } = 50;
}
