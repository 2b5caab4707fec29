using Notifications.PushSender.Settings;
using Notifications.SharedState.ProviderSettings;

namespace Notifications.PushSender.Tests;

/// <summary>The push provider chosen at run time replaces <c>Push:Provider</c>; credentials stay as they are unless entered too.</summary>
public sealed class PushOptionsRuntimeTests
{
    private static readonly Uri Somewhere = new("https://example.test");

    [Fact]
    public void NothingStored_KeepsTheConfiguredInstance()
    {
        var configured = Builders.Options(Somewhere, Somewhere, provider: "OneSignal");

        Assert.Same(configured, configured.WithRuntimeCredentials(new RuntimeProviderSettings()));
    }

    [Fact]
    public void StoredPushProvider_ReplacesTheConfiguredOne_AndLeavesTheConfigurationAlone()
    {
        var configured = Builders.Options(Somewhere, Somewhere, provider: "OneSignal");

        var effective = configured.WithRuntimeCredentials(new RuntimeProviderSettings { PushProvider = PushProviderNames.PusherBeams });

        Assert.Equal(PushProvider.PusherBeams, effective.EffectiveProvider);
        Assert.Equal(PushProvider.OneSignal, configured.EffectiveProvider);
        Assert.Equal(configured.PusherBeams.SecretKey, effective.PusherBeams.SecretKey);
    }

    [Fact]
    public void StoredPushProviderWithoutItsCredentials_FailsTheSendersOwnValidation_SoTheConfigurationIsKept()
    {
        var configured = Builders.Options(oneSignal: Somewhere, beams: null, provider: null);

        var effective = configured.WithRuntimeCredentials(new RuntimeProviderSettings { PushProvider = PushProviderNames.PusherBeams });

        Assert.Contains("Push:Provider is PusherBeams", new PushOptionsValidator().Validate(null, effective).FailureMessage);
    }

    [Theory]
    [InlineData("pusherbeams", "PusherBeams")]
    [InlineData(" OneSignal ", "OneSignal")]
    [InlineData("Firebase", null)]
    [InlineData("", null)]
    public void PushProviderNames_AreMatchedWhateverTheirCase(string typed, string? canonical) =>
        Assert.Equal(canonical, PushProviderNames.Canonical(typed));

    [Fact]
    public void StoredPushProviderOutsideTheNames_IsRefusedNamingTheField() =>
        Assert.Equal("pushProvider", ProviderCredentialRules.Check(new RuntimeProviderSettings { PushProvider = "Firebase" })!.Field);
}
