using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>An SMS the Twilio stub holds, as its message list shows it.</summary>
public sealed record TwilioStubMessage(string Sid, string To, string Body, DateTimeOffset CreatedAt);

/// <summary>
/// Twilio's message list (<c>GET .../Messages.json?To=...&amp;DateSent=YYYY-MM-DD</c>), answered from the SMS the stub
/// took, in Twilio's JSON shape; one page. A test may put an SMS there first (what a sender that died after Twilio took
/// it leaves) or make the next listings fail.
/// </summary>
public sealed partial class HttpStub
{
    private int failingListings;

    public ConcurrentQueue<TwilioStubMessage> TwilioMessages { get; } = new();

    /// <summary>An SMS Twilio took earlier; returns its sid.</summary>
    public string HoldTwilioMessage(string to, string body, DateTimeOffset createdAt)
    {
        var sid = "SM" + Guid.NewGuid().ToString("N");
        TwilioMessages.Enqueue(new TwilioStubMessage(sid, to, body, createdAt));
        return sid;
    }

    /// <summary>The next <paramref name="count"/> listings answer 503.</summary>
    public void FailTwilioListings(int count) => Interlocked.Exchange(ref failingListings, count);

    /// <summary>The listings asked for <paramref name="to"/>.</summary>
    public IReadOnlyList<StubRequest> TwilioListingsFor(string to) =>
        Requests.Where(r => IsTwilioListing(r) && QueryHelpers.ParseQuery(r.Query)["To"].ToString() == to).ToList();

    /// <summary>The SMS sends (POSTs) to <paramref name="to"/>.</summary>
    public IReadOnlyList<StubRequest> TwilioSendsTo(string to) =>
        Requests.Where(r => r.Method == "POST" && r.Path.Contains("/Messages.json", StringComparison.Ordinal)
            && QueryHelpers.ParseQuery(r.Body)["To"].ToString() == to).ToList();

    private static bool IsTwilioListing(StubRequest request) =>
        request.Method == "GET" && request.Path.EndsWith("/Messages.json", StringComparison.Ordinal);

    private string TakeTwilioSms(StubRequest request)
    {
        var form = QueryHelpers.ParseQuery(request.Body);
        return HoldTwilioMessage(form["To"].ToString(), form["Body"].ToString(), request.ReceivedAt);
    }

    private async Task AnswerTwilioListingAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        if (Interlocked.Decrement(ref failingListings) >= 0)
        {
            context.Response.StatusCode = 503;
            await context.Response.WriteAsync("""{"code":20503,"message":"stub: listing unavailable","status":503}""");
            return;
        }
        var to = context.Request.Query["To"].ToString();
        var day = DateOnly.TryParseExact(context.Request.Query["DateSent"].ToString(), "yyyy-MM-dd", out var parsed) ? parsed : (DateOnly?)null;
        var listed = TwilioMessages
            .Where(m => (to.Length == 0 || m.To == to) && (day is null || DateOnly.FromDateTime(m.CreatedAt.UtcDateTime) == day))
            .Select(m => new Dictionary<string, object?>
            {
                ["sid"] = m.Sid, ["to"] = m.To, ["from"] = "+15005550006", ["body"] = m.Body, ["status"] = "sent",
                ["date_created"] = m.CreatedAt.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " +0000",
            });
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { messages = listed, next_page_uri = (string?)null }));
    }
}
