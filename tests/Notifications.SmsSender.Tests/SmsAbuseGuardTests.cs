using Notifications.SharedState.ProviderSettings;
using Notifications.Delivery;
using Notifications.Delivery.Providers;
using Notifications.SharedState.Ledger;
using Notifications.SmsSender.Providers;
using Notifications.SmsSender.Settings;

namespace Notifications.SmsSender.Tests;

/// <summary>The destination allow-list and the choice of sender, decided from configuration alone.</summary>
public sealed class SmsAbuseGuardTests
{
    private static SmsComposer Composer(SmsOptions options) => new(new FixedOptions<SmsOptions>(options));

    [Fact]
    public async Task Compose_ToACountryOutsideTheAllowList_FailsPermanentlyWithoutTheFullNumber()
    {
        var composer = Composer(new SmsOptions { AllowedCountryPrefixes = ["+1", "+44"], Twilio = new TwilioOptions { From = "+14155550100" } });

        var failure = await Assert.ThrowsAsync<ProviderException>(() => composer.ComposeAsync(Builders.Command(phone: "+88212345678")));

        Assert.True(failure.Permanent);
        Assert.Contains("Sms:AllowedCountryPrefixes", failure.Message);
        Assert.Contains("5678", failure.Message);
        Assert.DoesNotContain("+88212345678", failure.Message);
    }

    [Fact]
    public async Task Compose_ToAnAllowedCountry_Sends_AndCommaSeparatedPrefixesCount()
    {
        var composer = Composer(new SmsOptions { AllowedCountryPrefixes = ["+33, +44"], Twilio = new TwilioOptions { From = "+14155550100" } });

        Assert.Equal("+447700900123", (await composer.ComposeAsync(Builders.Command(phone: "+447700900123"))).To);
    }

    [Fact]
    public async Task Compose_WithAnEmptyAllowList_SendsEverywhere()
    {
        var composer = Composer(new SmsOptions { Twilio = new TwilioOptions { From = "+14155550100" } });

        Assert.Equal("+88212345678", (await composer.ComposeAsync(Builders.Command(phone: "+88212345678"))).To);
    }

    [Fact]
    public void Sender_IsTheAlphanumericId_WhereTheCountryAllowsIt_AndTheFallbackNumberElsewhere()
    {
        var twilio = new TwilioOptions { From = "HelpDesk", AlphanumericCountryPrefixes = ["+44", "+49"], FallbackFromNumber = "+14155550100" };

        Assert.Equal("HelpDesk", SmsComposer.SenderFor("+447700900123", twilio));
        Assert.Equal("+14155550100", SmsComposer.SenderFor("+14155550123", twilio));
    }

    [Fact]
    public void Sender_WithoutAFallbackNumber_WhereAlphanumericIsNotAllowed_FailsPermanentlyNamingTheKey()
    {
        var twilio = new TwilioOptions { From = "HelpDesk", AlphanumericCountryPrefixes = ["+44"] };

        var failure = Assert.Throws<ProviderException>(() => SmsComposer.SenderFor("+14155550123", twilio));

        Assert.True(failure.Permanent);
        Assert.Contains("Sms:Twilio:FallbackFromNumber", failure.Message);
    }

    [Fact]
    public void Sender_ThatIsAPhoneNumber_IsUsedEverywhere()
    {
        var twilio = new TwilioOptions { From = "+14155550100", AlphanumericCountryPrefixes = ["+44"] };

        Assert.Equal("+14155550100", SmsComposer.SenderFor("+33612345678", twilio));
    }

    [Fact]
    public async Task Compose_WithPublicWebhookBase_RequestsStatusCallbacksThere()
    {
        var composer = Composer(new SmsOptions { Twilio = new TwilioOptions { From = "+14155550100", PublicWebhookBaseUrl = "https://sms.example.test/" } });

        Assert.Equal(new Uri("https://sms.example.test/twilio/status"), (await composer.ComposeAsync(Builders.Command())).StatusCallback);
    }

    [Theory]
    [InlineData("Sms:AllowedCountryPrefixes", "44")]
    [InlineData("Sms:Twilio:AlphanumericCountryPrefixes", "+4x")]
    public void Validator_RefusesMalformedPrefixes(string key, string prefix)
    {
        var options = new SmsOptions();
        if (key == "Sms:AllowedCountryPrefixes")
            options.AllowedCountryPrefixes = [prefix];
        else
            options.Twilio.AlphanumericCountryPrefixes = [prefix];

        var result = new SmsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(key, result.FailureMessage);
    }

    [Fact]
    public void Validator_RefusesAFallbackThatIsNotAPhoneNumber()
    {
        var result = new SmsOptionsValidator().Validate(null, new SmsOptions { Twilio = new TwilioOptions { FallbackFromNumber = "HelpDesk" } });

        Assert.True(result.Failed);
        Assert.Contains("Sms:Twilio:FallbackFromNumber", result.FailureMessage);
    }

    [Theory]
    [InlineData("+14155550123", "********0123")]
    [InlineData("+12", "***")]
    public void Mask_ShowsOnlyTheLastFourDigits(string phone, string masked) => Assert.Equal(masked, PhoneMasking.Mask(phone));
}
