using Microsoft.Extensions.Options;
using Notifications.Contracts;
using Notifications.ServiceDefaults.Delivery;
using Notifications.SmsSender.Options;

namespace Notifications.SmsSender.Channels;

/// <summary>Turns a <see cref="SendSms"/> command into the SMS to send, or refuses a recipient without a usable number.</summary>
public sealed class SmsComposer(IOptions<SmsOptions> options)
{
    public const string NoValidPhone = "recipient has no valid E.164 phone number";

    public OutgoingSms Compose(SendSms command)
    {
        var phone = command.Recipient.Phone?.Trim();
        if (!PhoneNumbers.IsE164(phone))
            throw new ProviderException(NoValidPhone, permanent: true);

        return new OutgoingSms(command.NotificationId, phone!, options.Value.Twilio.From, SmsText.For(command.Message));
    }
}
