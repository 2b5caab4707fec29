using Notifications.SharedState.ProviderSettings;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.SmsSender.Providers;
using Notifications.SmsSender.Settings;

namespace Notifications.SmsSender.Tests;

public sealed class SmsComposerTests
{
    private static SmsComposer Composer(string? from = "+14155550100") =>
        new(new FixedOptions<SmsOptions>(new SmsOptions { Twilio = new TwilioOptions { From = from } }));

    [Fact]
    public async Task Compose_PrefixesSenderNameAndUsesConfiguredFrom()
    {
        var sms = await Composer().ComposeAsync(Builders.Command());

        Assert.Equal("+14155550123", sms.To);
        Assert.Equal("+14155550100", sms.From);
        Assert.Equal("Grace: Hello, is anyone there?", sms.Body);
        Assert.Equal("m-1:agent-7:sms", sms.NotificationId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("4155550123")]
    [InlineData("+1 415 555 0123")]
    [InlineData("+1234567")]
    [InlineData("+1234567890123456")]
    [InlineData("+0155550123")]
    public async Task Compose_WithoutValidE164Phone_FailsPermanently(string? phone)
    {
        var failure = await Assert.ThrowsAsync<ProviderException>(() => Composer().ComposeAsync(Builders.Command(phone: phone)));

        Assert.True(failure.Permanent);
        Assert.Equal("recipient has no valid E.164 phone number", failure.Message);
    }

    [Fact]
    public async Task Compose_LongMessage_IsShortenedTo320CharactersWithEllipsis()
    {
        var sms = await Composer().ComposeAsync(Builders.Command(text: new string('x', 1000)));

        Assert.Equal(320, sms.Body.Length);
        Assert.EndsWith("…", sms.Body);
        Assert.StartsWith("Grace: xxx", sms.Body);
    }

    [Fact]
    public void Shorten_NeverSplitsAnEmoji()
    {
        var text = new string('a', 8) + "😀😀😀";

        var shortened = SmsText.Shorten(text, 10);

        Assert.Equal("aaaaaaaa…", shortened);
    }
}
