using Notifications.SharedState.ProviderSettings;
using Notifications.SmsSender.Settings;

namespace Notifications.SmsSender.Providers;

/// <summary>
/// Twilio when credentials are in effect (configured, or entered at run time), the record directory otherwise.
/// Chosen per SMS, so credentials entered in the console take over without a restart.
/// </summary>
public sealed class SmsProviderInEffect(IRuntimeOptions<SmsOptions> options, TwilioSmsProvider twilio, SmsRecordDirectory recorder) : ISmsProvider
{
    public async Task<SmsReceipt> SendAsync(OutgoingSms sms, CancellationToken cancellationToken) =>
        (await options.CurrentAsync()).UsesTwilio
            ? await twilio.SendAsync(sms, cancellationToken)
            : await recorder.SendAsync(sms, cancellationToken);
}
