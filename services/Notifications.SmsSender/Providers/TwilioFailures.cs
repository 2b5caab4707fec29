using System.Net;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Twilio.Exceptions;

namespace Notifications.SmsSender.Providers;

/// <summary>
/// Decides whether a Twilio failure is worth retrying. Reasons quote Twilio's own message and error code and say
/// which setting to check; Twilio's messages often quote the recipient's number, so it is masked first.
/// </summary>
public static class TwilioFailures
{
    /// <summary>Twilio error codes that mean "this number cannot receive this SMS": retrying never helps.</summary>
    public static readonly IReadOnlySet<int> UnreachableNumberCodes = new HashSet<int>
    {
        21211, // invalid 'To' phone number
        21214, // 'To' number cannot be reached
        21217, // phone number does not appear to be valid
        21265, // 'To' number cannot be a short code
        21408, // permission to send to this region is not enabled
        21610, // recipient replied STOP (unsubscribed)
        21612, // the 'To' number is not reachable via this channel / carrier
        21614, // 'To' number is not a valid mobile number
        21635, // 'To' number cannot receive SMS (landline)
        30003, 30005, 30006, // unreachable, unknown or landline destination
    };

    /// <summary>Twilio's "the recipient texted STOP to this sender": it refuses every SMS to the number until they text START.</summary>
    public const int RecipientOptedOutCode = 21610;

    /// <summary>Whether a failed send was Twilio refusing a number that opted out (the opt-out is then recorded, not only failed).</summary>
    public static bool IsRecipientOptedOut(ProviderException failure) => failure.InnerException is ApiException { Code: RecipientOptedOutCode };

    public const string CredentialsRejected =
        "Twilio rejected the credentials: check Sms:Twilio:AccountSid and Sms:Twilio:AuthToken";

    /// <param name="status">The HTTP status when known (0 otherwise): the SDK leaves it out of some exceptions.</param>
    public static ProviderException Classify(Exception failure, int status)
    {
        if (failure is ApiException api)
        {
            status = api.Status != 0 ? api.Status : status;
            return ClassifyApi(api, status);
        }

        // ApiConnectionException, HttpRequestException, timeouts: the network or Twilio's edge, worth a retry. Unless the
        // connection was never made, the request may have reached Twilio and been accepted: the retry looks it up first.
        return new ProviderException($"Twilio could not be reached ({failure.GetType().Name}); will retry.", permanent: false, failure,
            mayHaveBeenAccepted: !NeverConnected(failure));
    }

    /// <summary>The request cannot have reached Twilio: the name did not resolve or the connection was refused.</summary>
    public static bool NeverConnected(Exception failure)
    {
        for (var inner = failure; inner is not null; inner = inner.InnerException)
        {
            if (inner is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
                return true;
        }
        return false;
    }

    private static ProviderException ClassifyApi(ApiException api, int status)
    {
        var message = PersonalDataRedaction.Redact(api.Message);
        var twilioSays = api.Code != 0 ? $"{message} (Twilio error {api.Code})" : message;

        if (status is (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden || api.Code is 20003)
            return new ProviderException(CredentialsRejected, permanent: true, api);

        // Without a status, what Twilio answered is not known: the retry looks the SMS up before sending it again.
        if (status == (int)HttpStatusCode.TooManyRequests || status >= 500 || status == 0)
            return new ProviderException($"Twilio is unavailable or throttling (HTTP {status}): {twilioSays}", permanent: false, api,
                mayHaveBeenAccepted: status == 0);

        if (UnreachableNumberCodes.Contains(api.Code))
            return new ProviderException($"Twilio cannot deliver to the recipient's number: {twilioSays}", permanent: true, api);

        // Any other 4xx (bad sender, message refused, unknown account...) fails the same way on every retry.
        return new ProviderException($"Twilio refused the SMS (HTTP {status}): {twilioSays}. Check Sms:Twilio:From and the Twilio account.", permanent: true, api);
    }
}
