using Notifications.PushSender.Settings;

namespace Notifications.PushSender.Tests;

public sealed class PushOptionsValidatorTests
{
    private static readonly Uri Somewhere = new("https://example.test");

    private static string? Failure(PushOptions options) => new PushOptionsValidator().Validate(null, options).FailureMessage;

    [Fact]
    public void Validate_NothingConfigured_SucceedsBecausePushesAreRecorded() =>
        Assert.True(new PushOptionsValidator().Validate(null, new PushOptions()).Succeeded);

    [Fact]
    public void Validate_BothProvidersConfigured_Succeeds() =>
        Assert.True(new PushOptionsValidator().Validate(null, Builders.Options(Somewhere, Somewhere, provider: "PusherBeams")).Succeeded);

    [Theory]
    [InlineData("Firebase")]
    [InlineData("1")]
    public void Validate_UnknownProviderName_FailsNamingTheKey(string provider)
    {
        var message = Failure(Builders.Options(Somewhere, Somewhere, provider: provider));
        Assert.Contains("Push:Provider", message);
        Assert.Contains(provider, message);
    }

    [Fact]
    public void Validate_ProviderNamedButNotConfigured_FailsNamingItsKeys() =>
        Assert.Contains("Push:PusherBeams:InstanceId", Failure(Builders.Options(oneSignal: Somewhere, provider: "PusherBeams")));

    [Theory]
    [InlineData("admin.example.test")]
    [InlineData("/conversations")]
    public void Validate_LinkBaseThatIsNoAbsoluteUrl_FailsNamingTheKey(string baseUrl)
    {
        var options = Builders.Options(oneSignal: Somewhere);
        options.AdminBaseUrl = baseUrl;
        options.UserBaseUrl = baseUrl;
        var message = Failure(options);
        Assert.Contains("Push:AdminBaseUrl", message);
        Assert.Contains("Push:UserBaseUrl", message);
    }

    [Fact]
    public void Validate_LinkBasesOfTheWebOrAnAppScheme_Succeed()
    {
        var options = Builders.Options(oneSignal: Somewhere);
        options.AdminBaseUrl = "https://admin.example.test";
        options.UserBaseUrl = "helpdesk://app";
        Assert.True(new PushOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("api.onesignal.com")]
    [InlineData("ftp://api.onesignal.com")]
    public void Validate_BadOneSignalBaseUrl_FailsNamingTheKey(string baseUrl)
    {
        var options = Builders.Options(oneSignal: Somewhere);
        options.OneSignal.BaseUrl = baseUrl;
        Assert.Contains("Push:OneSignal:BaseUrl", Failure(options));
    }

    [Fact]
    public void Validate_BadBeamsBaseUrl_FailsNamingTheKey()
    {
        var options = Builders.Options(beams: Somewhere);
        options.PusherBeams.BaseUrl = "not a url";
        Assert.Contains("Push:PusherBeams:BaseUrl", Failure(options));
    }

    [Fact]
    public void Validate_ApiKeyWithoutAppId_FailsNamingTheMissingKeyAndNotTheSecret()
    {
        var options = new PushOptions { OneSignal = new OneSignalOptions { ApiKey = Builders.OneSignalApiKey } };
        var message = Failure(options);
        Assert.Contains("Push:OneSignal:AppId", message);
        Assert.DoesNotContain(Builders.OneSignalApiKey, message);
    }

    [Fact]
    public void DefaultBeamsBaseUrl_IsTheInstanceHost() =>
        Assert.Equal("https://abc.pushnotifications.pusher.com", new PusherBeamsOptions { InstanceId = "abc" }.EffectiveBaseUrl);
}
