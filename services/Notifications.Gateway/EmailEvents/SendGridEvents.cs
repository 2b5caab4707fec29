using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Notifications.Contracts;

namespace Notifications.Gateway.EmailEvents;

/// <summary>One event of a SendGrid Event Webhook batch, with the fields this gateway reads.</summary>
/// <param name="EventId"><c>sg_event_id</c>, or a hash of the event's JSON when SendGrid sent none: the key of the replay guard.</param>
/// <param name="BounceToken">The <c>bounce_token</c> unique argument the email sender put in <c>X-SMTPAPI</c>.</param>
public sealed record SendGridEvent(string EventId, string Event, string? Type, string? Reason, string? Status, string? NotificationId, string? BounceToken);

/// <summary>What an event means for its notification: a follow-up failure of this kind, or nothing.</summary>
public sealed record BounceVerdict(string? Bounce, bool Permanent, string Reason);

/// <summary>
/// SendGrid's Event Webhook body (a JSON array of events) and what each event means, per SendGrid's Event Webhook
/// reference:
/// <list type="bullet">
/// <item><c>bounce</c> with <c>type: bounce</c>: the receiving server refused the address for good: a hard bounce.</item>
/// <item><c>bounce</c> with <c>type: blocked</c>: the server refused the message for a reason other than the address (a
/// block list, the content, the sending IP's reputation), which SendGrid does not suppress: a soft bounce, not permanent.</item>
/// <item><c>dropped</c>: SendGrid did not send it. "Bounced Address" and "Invalid" say the address is bad (hard);
/// "Spam Reporting Address" that its owner complained before (complaint); any other reason (unsubscribed, spam
/// content) a permanent failure that says nothing about the address.</item>
/// <item><c>spamreport</c>: the recipient marked the email as spam: a complaint.</item>
/// <item>Everything else (<c>processed</c>, <c>deferred</c>, which SendGrid still retries, <c>delivered</c>, opens and
/// clicks) is not a failure.</item>
/// </list>
/// </summary>
public static class SendGridEvents
{
    /// <returns>The events, or null when the body is not a JSON array of objects.</returns>
    public static IReadOnlyList<SendGridEvent>? Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            return null;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                return null;
            var events = new List<SendGridEvent>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                    return null;
                var id = Text(item, "sg_event_id") is { Length: > 0 and <= 200 } given
                    ? given
                    : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(item.GetRawText())));
                events.Add(new SendGridEvent(id, Text(item, "event") ?? "", Text(item, "type"), Text(item, "reason"), Text(item, "status"),
                    Text(item, "notification_id"), Text(item, "bounce_token")));
            }
            return events;
        }
    }

    /// <returns>The follow-up failure the event stands for, or null when it is not a failure.</returns>
    public static BounceVerdict? VerdictOf(SendGridEvent each)
    {
        var detail = BounceReason.Of(each.Status, each.Reason);
        string Described(string what) => detail.Length == 0 ? $"SendGrid reported {what}" : $"SendGrid reported {what}: {detail}";
        return each.Event.ToLowerInvariant() switch
        {
            "bounce" when string.Equals(each.Type, "blocked", StringComparison.OrdinalIgnoreCase) =>
                new BounceVerdict(BounceKinds.Soft, Permanent: false, Described("the email as blocked")),
            "bounce" => new BounceVerdict(BounceKinds.Hard, Permanent: true, Described("a bounce")),
            "dropped" => DroppedVerdict(each.Reason, Described("the email as dropped")),
            "spamreport" => new BounceVerdict(BounceKinds.Complaint, Permanent: true, "SendGrid reported a spam complaint by the recipient"),
            _ => null,
        };
    }

    private static BounceVerdict DroppedVerdict(string? reason, string described) => reason?.Trim().ToLowerInvariant() switch
    {
        "bounced address" or "invalid" => new BounceVerdict(BounceKinds.Hard, Permanent: true, described),
        "spam reporting address" => new BounceVerdict(BounceKinds.Complaint, Permanent: true, described),
        _ => new BounceVerdict(null, Permanent: true, described),
    };

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
