using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;

namespace Notifications.SmsSender.Tests;

/// <summary>The one redactor every provider's failure text goes through (Twilio, SMTP, push and realtime HTTP bodies).</summary>
public sealed class PersonalDataRedactionTests
{
    [Theory]
    [InlineData("The 'To' number +14155550123 is not a valid phone number.", "The 'To' number <phone> is not a valid phone number.")]
    [InlineData("Invalid 'To' Phone Number: 4155550123", "Invalid 'To' Phone Number: <phone>")]
    [InlineData("cannot reach +44 20 7946 0958 today", "cannot reach <phone> today")]
    [InlineData("number (415) 555-0123 is a landline", "number <phone> is a landline")]
    [InlineData("550 5.1.1 <ada@example.com>: user unknown", "550 5.1.1 <address>: user unknown")]
    [InlineData("player ada.lovelace@example.org not subscribed", "player <address> not subscribed")]
    public void PhoneNumbersAndAddresses_AreMasked(string text, string expected) =>
        Assert.Equal(expected, PersonalDataRedaction.Redact(text));

    [Theory]
    [InlineData("Twilio refused the SMS (HTTP 400): Queue overflow (Twilio error 21611)")]
    [InlineData("See https://www.twilio.com/docs/errors/21211")]
    [InlineData("Message SM0123456789abcdef0123456789abcdef was refused")]
    [InlineData("The stored provider credentials (Redis key test-71374262929a4457a17c08a6847d1d35:providers:settings) cannot be read")]
    public void StatusesErrorCodesAndIds_StayReadable(string text) =>
        Assert.Equal(text, PersonalDataRedaction.Redact(text));
}
