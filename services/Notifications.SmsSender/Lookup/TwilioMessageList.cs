using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text;
using Notifications.Delivery.Providers;
using Notifications.SmsSender.Settings;

namespace Notifications.SmsSender.Lookup;

/// <summary>
/// Reads Twilio's message list for one destination and one day (<c>To</c> and <c>DateSent=YYYY-MM-DD</c>), following
/// <c>next_page_uri</c>. Plain HTTP rather than the SDK, so the query is exactly Twilio's documented one; the requests
/// go through the same pipeline as the sends (shared rate limit, telemetry, <c>Sms:Twilio:BaseUrl</c>).
/// </summary>
public sealed class TwilioMessageList(HttpClient http)
{
    public const int PageSize = 100;

    /// <summary>Beyond this many pages for one number and day the list is not read further: a lookup failure, not a guess.</summary>
    public const int MaxPages = 20;

    private static readonly Uri TwilioApi = new(TwilioOptions.DefaultBaseUrl);

    public static string FirstPagePath(string accountSid, string to, DateOnly day) =>
        $"/2010-04-01/Accounts/{Uri.EscapeDataString(accountSid)}/Messages.json?To={Uri.EscapeDataString(to)}&DateSent={day:yyyy-MM-dd}&PageSize={PageSize}";

    /// <exception cref="ProviderException">Twilio answered with an error, or the list is longer than <see cref="MaxPages"/>.</exception>
    public async IAsyncEnumerable<TwilioListedMessage> ReadAsync(TwilioOptions twilio, string to, DateOnly day,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{twilio.AccountSid}:{twilio.AuthToken}"));
        string? next = FirstPagePath(twilio.AccountSid ?? "", to, day);
        for (var pages = 0; next is not null; pages++)
        {
            if (pages == MaxPages)
                throw new ProviderException($"Twilio's message list for one number on {day:yyyy-MM-dd} has more than {MaxPages} pages; not read further.", permanent: false);
            var page = await ReadPageAsync(new Uri(TwilioApi, next), credentials, day, cancellationToken);
            foreach (var message in page.Messages)
            {
                if (message.ToListed() is { } listed)
                    yield return listed;
            }
            next = string.IsNullOrEmpty(page.NextPageUri) ? null : page.NextPageUri;
        }
    }

    private async Task<TwilioMessagePage> ReadPageAsync(Uri uri, string credentials, DateOnly day, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        using var response = await http.SendAsync(request, cancellationToken);
        // The reason names the status only: Twilio's error text may quote the number, and the request carries the token.
        if (!response.IsSuccessStatusCode)
            throw new ProviderException($"Twilio's message list for {day:yyyy-MM-dd} could not be read (HTTP {(int)response.StatusCode}).", permanent: false);
        return await response.Content.ReadFromJsonAsync<TwilioMessagePage>(cancellationToken)
            ?? throw new ProviderException("Twilio's message list answered an empty body.", permanent: false);
    }
}
