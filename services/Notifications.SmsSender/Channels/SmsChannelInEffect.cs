using Notifications.SharedState.ProviderSettings;
using Notifications.SmsSender.Settings;

namespace Notifications.SmsSender.Channels;

/// <summary>
/// Twilio when credentials are in effect (configured, or entered at run time), the record directory otherwise.
/// Chosen per SMS, so credentials entered in the console take over without a restart.
/// </summary>
public sealed class SmsChannelInEffect(IRuntimeOptions<SmsOptions> options, TwilioSmsChannel twilio, SmsRecordDirectory recorder) : ISmsChannel
{
    public async Task<SmsReceipt> SendAsync(OutgoingSms sms, CancellationToken cancellationToken) =>
        (await options.CurrentAsync()).UsesTwilio
            ? await twilio.SendAsync(sms, cancellationToken)
            : await recorder.SendAsync(sms, cancellationToken);
}
