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

        Assert.Equal("+447400123456", (await composer.ComposeAsync(Builders.Command(phone: "+447400123456"))).To);
    }

    [Fact]
    public async Task Compose_WithAnEmptyAllowList_SendsEverywhere()
    {
        var composer = Composer(new SmsOptions { Twilio = new TwilioOptions { From = "+14155550100" } });

        Assert.Equal("+88212345678", (await composer.ComposeAsync(Builders.Command(phone: "+88212345678"))).To);
    }

    [Theory]
    [InlineData("+18762101234", "JM")] // Jamaica
    [InlineData("+18092345678", "DO")] // Dominican Republic
    [InlineData("+12642351234", "AI")] // Anguilla
    public async Task Compose_ToACaribbeanPlusOneNumber_UnderUsAndCanada_FailsPermanentlyNamingTheRegion(string phone, string region)
    {
        var composer = Composer(new SmsOptions { AllowedRegions = ["US,CA"], Twilio = new TwilioOptions { From = "+14155550100" } });

        var failure = await Assert.ThrowsAsync<ProviderException>(() => composer.ComposeAsync(Builders.Command(phone: phone)));

        Assert.True(failure.Permanent);
        Assert.Contains($"in region {region}", failure.Message);
        Assert.Contains("Sms:AllowedRegions (CA, US)", failure.Message);
        Assert.DoesNotContain(phone, failure.Message);
    }

    [Theory]
    [InlineData("+12125550147")] // New York
    [InlineData("+16045550123")] // Vancouver
    public async Task Compose_ToTheUsOrCanada_UnderUsAndCanada_Sends(string phone)
    {
        var composer = Composer(new SmsOptions { AllowedRegions = ["us", "CA"], Twilio = new TwilioOptions { From = "+14155550100" } });

        Assert.Equal(phone, (await composer.ComposeAsync(Builders.Command(phone: phone))).To);
    }

    [Theory]
    [InlineData("+19002345678", "premium-rate")] // US 900
    [InlineData("+611300123456", "shared-cost")] // Australia 1300
    [InlineData("+448451234567", "premium-rate")] // UK 0845: libphonenumber counts it as premium rate first
    [InlineData("+449098790123", "premium-rate")] // UK 09
    public async Task Compose_ToAPremiumRateOrSharedCostNumber_FailsPermanently_EvenWithEveryRegionAllowed(string phone, string kind)
    {
        var composer = Composer(new SmsOptions { Twilio = new TwilioOptions { From = "+14155550100" } });

        var failure = await Assert.ThrowsAsync<ProviderException>(() => composer.ComposeAsync(Builders.Command(phone: phone)));

        Assert.True(failure.Permanent);
        Assert.Contains($"is a {kind} number", failure.Message);
    }

    [Fact]
    public async Task AllowedCountryPrefixes_AreStillRead_AsTheMainRegionOfTheirCallingCode()
    {
        var composer = Composer(new SmsOptions { AllowedCountryPrefixes = ["+1"], Twilio = new TwilioOptions { From = "+14155550100" } });

        Assert.Equal("+12125550147", (await composer.ComposeAsync(Builders.Command(phone: "+12125550147"))).To);
        var caribbean = await Assert.ThrowsAsync<ProviderException>(() => composer.ComposeAsync(Builders.Command(phone: "+18762101234")));
        Assert.Contains("Sms:AllowedCountryPrefixes", caribbean.Message);
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
