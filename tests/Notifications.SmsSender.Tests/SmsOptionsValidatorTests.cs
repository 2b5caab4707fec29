using Notifications.SmsSender.Settings;

namespace Notifications.SmsSender.Tests;

public sealed class SmsOptionsValidatorTests
{
    private static SmsOptions Valid() => new()
    {
        Twilio = new TwilioOptions { AccountSid = "AC0123", AuthToken = "token-value", From = "+14155550100" },
    };

    private static string? Failure(SmsOptions options) => new SmsOptionsValidator().Validate(null, options).FailureMessage;

    [Fact]
    public void Validate_CompleteTwilioSettings_Succeeds() =>
        Assert.True(new SmsOptionsValidator().Validate(null, Valid()).Succeeded);

    [Fact]
    public void Validate_NoTwilioSettingsAtAll_SucceedsBecauseSmsAreRecorded() =>
        Assert.True(new SmsOptionsValidator().Validate(null, new SmsOptions()).Succeeded);

    [Fact]
    public void Validate_AnUnknownRegionOrANegativeAgentLimit_FailsNamingTheKey()
    {
        var options = Valid();
        options.AllowedRegions = ["US, Caribbean"];
        options.RateLimit.PerAgentNumberPerHour = -1;

        var failure = Failure(options);

        Assert.Contains("Sms:AllowedRegions 'Caribbean' is not an ISO 3166 region code", failure);
        Assert.Contains("Sms:RateLimit:PerAgentNumberPerHour", failure);
    }

    [Theory]
    [InlineData("HelpDesk")]
    [InlineData("Help Desk 1")]
    [InlineData("A")]
    [InlineData("+442071838750")]
    public void Validate_GoodFrom_Succeeds(string from)
    {
        var options = Valid();
        options.Twilio.From = from;
        Assert.True(new SmsOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("HelpDeskSupport")] // 15 characters: longer than an alphanumeric sender ID may be
    [InlineData("12345")]           // digits only: neither E.164 nor alphanumeric
    [InlineData("Help-Desk")]       // punctuation
    [InlineData("+1-415-555")]
    public void Validate_BadFrom_FailsNamingTheKey(string from)
    {
        var options = Valid();
        options.Twilio.From = from;
        Assert.Contains("Sms:Twilio:From", Failure(options));
    }

    [Fact]
    public void Validate_CredentialsWithoutFrom_FailsNamingTheKey()
    {
        var options = Valid();
        options.Twilio.From = null;
        Assert.Contains("Sms:Twilio:From", Failure(options));
    }

    [Theory]
    [InlineData("api.twilio.com")]
    [InlineData("ftp://api.twilio.com")]
    [InlineData("not a url")]
    public void Validate_BadBaseUrl_FailsNamingTheKey(string baseUrl)
    {
        var options = Valid();
        options.Twilio.BaseUrl = baseUrl;
        Assert.Contains("Sms:Twilio:BaseUrl", Failure(options));
    }

    [Fact]
    public void Validate_SidWithoutToken_FailsNamingTheMissingKey()
    {
        var options = Valid();
        options.Twilio.AuthToken = null;
        Assert.Contains("Sms:Twilio:AuthToken", Failure(options));
    }

    [Fact]
    public void Validate_FailureMessages_NeverQuoteTheAuthToken()
    {
        var options = Valid();
        options.Twilio.From = "bad-from!";
        options.Twilio.BaseUrl = "nope";
        Assert.DoesNotContain("token-value", Failure(options));
    }
}
