using Notifications.Email;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Notifications.Email.Settings;

namespace Notifications.EmailSender.Tests.Settings;

public class EmailOptionsValidationTests
{
    private static EmailOptions Resolve(params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)));
        builder.AddEmail();
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<EmailOptions>>().Value;
    }

    private static string FailureOf(params (string Key, string? Value)[] settings) =>
        string.Join("\n", Assert.Throws<OptionsValidationException>(() => Resolve(settings)).Failures);

    [Fact]
    public void NoSettings_MeanPickupDirectoryWithLocalDefaults()
    {
        var options = Resolve();

        Assert.False(options.UsesSmtp);
        Assert.Equal("notifications@localhost", options.EffectiveFrom);
        Assert.Equal(Path.GetFullPath(Path.Combine("var", "mail-pickup")), options.PickupDirectoryFullPath);
        Assert.Equal(587, options.Smtp.Port);
        Assert.Equal(SecureSocketOptions.StartTls, options.Smtp.SecureSocketOptions);
        Assert.Equal(4, options.Smtp.MaxConnections);
    }

    [Theory]
    [InlineData("None", SecureSocketOptions.None)]
    [InlineData("SslOnConnect", SecureSocketOptions.SslOnConnect)]
    [InlineData("StartTls", SecureSocketOptions.StartTls)]
    [InlineData("starttls", SecureSocketOptions.StartTls)]
    public void KnownSecurityModes_AreAccepted(string security, SecureSocketOptions expected)
    {
        var options = Resolve(("Email:Smtp:Security", security));

        Assert.Equal(expected, options.Smtp.SecureSocketOptions);
    }

    [Fact]
    public void UnknownSecurityMode_FailsNamingTheKey()
    {
        Assert.Contains("Email:Smtp:Security", FailureOf(("Email:Smtp:Security", "Tls13Please")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    public void PortOutOfRange_FailsNamingTheKey(string port)
    {
        Assert.Contains("Email:Smtp:Port", FailureOf(("Email:Smtp:Port", port)));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    [InlineData("ftp://admin.example.com")]
    public void MalformedAdminBaseUrl_FailsNamingTheKey(string url)
    {
        Assert.Contains("Email:AdminBaseUrl", FailureOf(("Email:AdminBaseUrl", url)));
    }

    [Fact]
    public void SmtpHostWithoutFrom_FailsNamingTheKey()
    {
        Assert.Contains("Email:From", FailureOf(("Email:Smtp:Host", "smtp.example.com")));
    }

    [Fact]
    public void InvalidFrom_FailsNamingTheKey()
    {
        Assert.Contains("Email:From", FailureOf(("Email:From", "nobody")));
    }

    [Fact]
    public void ValidationMessages_NeverContainThePassword()
    {
        var failure = FailureOf(
            ("Email:Smtp:Host", "smtp.example.com"),
            ("Email:Smtp:Port", "0"),
            ("Email:Smtp:Security", "bogus"),
            ("Email:Smtp:Username", "mailer"),
            ("Email:Smtp:Password", "s3cr3t-value"));

        Assert.DoesNotContain("s3cr3t-value", failure);
    }

    [Fact]
    public async Task WrongSetting_StopsTheHostAtStartUp()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new("Email:Smtp:Security", "bogus")]);
        builder.AddEmail();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Email:Smtp:Security", error.Message);
    }

    [Fact]
    public async Task DigestScheduleThatIsNoCronExpression_StopsTheHostAtStartUp_NamingTheKey()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection([new("Email:Digest:Schedule", "every hour")]);
        builder.AddEmail();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Email:Digest:Schedule", error.Message);
    }

    [Fact]
    public void TrustedCertificateFingerprint_NotSha256Hex_NamesTheKey() =>
        Assert.Contains("Email:Smtp:TrustedCertificateSha256",
            FailureOf(("Email:Smtp:Host", "smtp.test"), ("Email:From", "a@b.test"), ("Email:Smtp:TrustedCertificateSha256", "not-a-fingerprint")));
}
