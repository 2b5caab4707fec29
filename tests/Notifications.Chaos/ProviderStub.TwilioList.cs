using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Notifications.Chaos;

/// <summary>
/// <c>GET .../Messages.json?To=...&amp;DateSent=YYYY-MM-DD</c>: the SMS accepted so far to that number on that UTC day,
/// in Twilio's JSON shape, one page. While faults are on it fails like the sends do (503, 429), so a failed lookup is
/// exercised too: the sender must retry it, never send blindly.
/// </summary>
public sealed partial class ProviderStub
{
    private long twilioListings;

    public long TwilioListings => Interlocked.Read(ref twilioListings);

    private async Task AnswerTwilioListAsync(HttpContext context)
    {
        Interlocked.Increment(ref twilioListings);
        if ((await RefuseAsync(context, twilio: true, allowLate: false)).Refused)
            return;

        var to = context.Request.Query["To"].ToString();
        DateOnly? day = DateOnly.TryParseExact(context.Request.Query["DateSent"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var parsed) ? parsed : null;
        var messages = Sms
            .Where(sms => (to.Length == 0 || sms.To == to) && (day is null || DateOnly.FromDateTime(sms.CreatedAt.UtcDateTime) == day))
            .Select(sms => new Dictionary<string, object?>
            {
                ["sid"] = sms.Sid,
                ["to"] = sms.To,
                ["from"] = "+15550000000",
                ["body"] = sms.Body,
                ["date_created"] = sms.CreatedAt.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " +0000",
                ["status"] = "sent",
            });
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { messages, next_page_uri = (string?)null }));
    }
}
