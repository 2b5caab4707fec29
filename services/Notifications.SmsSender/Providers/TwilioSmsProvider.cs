using Microsoft.Extensions.Logging;
using Notifications.SharedState.ProviderSettings;
using Notifications.SmsSender.Settings;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Notifications.SmsSender.Providers;

/// <summary>
/// Sends SMS through the Twilio SDK with this instance's own <see cref="TwilioRestClient"/> (never the static
/// <c>TwilioClient.Init</c>, which would share one account across the process). The HTTP client comes from
/// the factory, with <see cref="TwilioBaseUrlHandler"/> in its pipeline.
/// </summary>
public sealed class TwilioSmsProvider(System.Net.Http.HttpClient http, IRuntimeOptions<SmsOptions> options, ILogger<TwilioSmsProvider> logger) : ISmsProvider
{
    public const string ProviderName = "twilio";

    public async Task<SmsReceipt> SendAsync(OutgoingSms sms, CancellationToken cancellationToken)
    {
        // Read per send: credentials entered in the console apply from the next SMS on.
        var twilio = (await options.CurrentAsync()).Twilio;

        // One SDK client per send: cheap (the pooled HttpClient underneath is shared), and LastResponse,
        // read below to classify failures, then belongs to this send alone.
        var sdkHttp = new SystemNetHttpClient(http);
        var client = new TwilioRestClient(twilio.AccountSid, twilio.AuthToken, httpClient: sdkHttp);

        MessageResource message;
        try
        {
            // The SDK takes no cancellation token; the HttpClient's timeout bounds the call instead.
            message = await MessageResource.CreateAsync(
                to: new PhoneNumber(sms.To),
                from: new PhoneNumber(sms.From),
                body: sms.Body,
                statusCallback: sms.StatusCallback,
                client: client);
        }
        catch (Exception failure) when (failure is TwilioException or HttpRequestException or TaskCanceledException)
        {
            throw TwilioFailures.Classify(failure, (int?)sdkHttp.LastResponse?.StatusCode ?? 0);
        }

        logger.LogDebug("Twilio accepted SMS for notification {NotificationId} as {MessageSid} ({Status})",
            sms.NotificationId, message.Sid, message.Status);
        return new SmsReceipt(ProviderName, message.Sid);
    }
}
