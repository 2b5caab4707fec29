using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Notifications.SmsSender.Lookup;

/// <summary>One message of Twilio's message list, with what a lookup compares: destination, text and creation time.</summary>
public sealed record TwilioListedMessage(string Sid, string To, string Body, DateTimeOffset DateCreated, string? Status);

/// <summary>A page of <c>GET /2010-04-01/Accounts/{AccountSid}/Messages.json</c>, as Twilio shapes it.</summary>
internal sealed class TwilioMessagePage
{
    [JsonPropertyName("messages")]
    public List<TwilioMessageJson> Messages { get; set; } = [];

    /// <summary>The next page's path and query (relative to the API base), or null on the last page.</summary>
    [JsonPropertyName("next_page_uri")]
    public string? NextPageUri { get; set; }
}

internal sealed partial class TwilioMessageJson
{
    [JsonPropertyName("sid")]
    public string? Sid { get; set; }

    [JsonPropertyName("to")]
    public string? To { get; set; }

    [JsonPropertyName("body")]
    public string? Body { get; set; }

    /// <summary>RFC 2822, as Twilio writes every date: <c>Thu, 02 Jan 2025 03:04:05 +0000</c>.</summary>
    [JsonPropertyName("date_created")]
    public string? DateCreated { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    /// <summary>Null for an entry without a sid or a readable creation time: it cannot be shown to be this SMS.</summary>
    public TwilioListedMessage? ToListed() =>
        !string.IsNullOrEmpty(Sid) && ParseRfc2822(DateCreated) is { } created
            ? new TwilioListedMessage(Sid, To ?? "", Body ?? "", created, Status)
            : null;

    public static DateTimeOffset? ParseRfc2822(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        // .NET's "zzz" wants "+00:00"; RFC 2822 writes "+0000".
        var normalized = NumericOffset().Replace(value.Trim(), "$1$2:$3");
        return DateTimeOffset.TryParseExact(normalized, "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var parsed) ? parsed : null;
    }

    [GeneratedRegex(@"([+-])(\d{2})(\d{2})$")]
    private static partial Regex NumericOffset();
}
