using System.Security.Cryptography;
using System.Text;
using Notifications.Gateway.InboundEmail;

namespace Notifications.Gateway.Tests;

/// <summary>Mailgun's signature fields: hex HMAC-SHA256(timestamp + token) with the signing key, and a fresh timestamp.</summary>
public class MailgunSignatureTests
{
    private const string Key = "key-mailgun-unit-test-0123456789abcdef";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_796_000_000);

    private static string Sign(string timestamp, string token, string key = Key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(timestamp + token)));

    [Fact]
    public void A_fresh_signature_by_the_key_passes_in_any_case()
    {
        var timestamp = Now.ToUnixTimeSeconds().ToString();
        Assert.Null(MailgunRoute.SignatureProblem(timestamp, "tok-1", Sign(timestamp, "tok-1"), Key, Now));
        Assert.Null(MailgunRoute.SignatureProblem(timestamp, "tok-1", Sign(timestamp, "tok-1").ToUpperInvariant(), Key, Now));
    }

    [Fact]
    public void Another_key_a_changed_token_or_missing_fields_are_refused()
    {
        var timestamp = Now.ToUnixTimeSeconds().ToString();
        Assert.Contains("does not match", MailgunRoute.SignatureProblem(timestamp, "tok-1", Sign(timestamp, "tok-1", "another-key-0123456789abcdef"), Key, Now));
        Assert.Contains("does not match", MailgunRoute.SignatureProblem(timestamp, "tok-2", Sign(timestamp, "tok-1"), Key, Now));
        Assert.Contains("lacks", MailgunRoute.SignatureProblem("", "tok-1", "ab", Key, Now));
    }

    [Theory]
    [InlineData(-16 * 60)]
    [InlineData(16 * 60)]
    public void A_timestamp_far_from_now_is_refused_even_when_signed(int offsetSeconds)
    {
        var timestamp = (Now.ToUnixTimeSeconds() + offsetSeconds).ToString();
        Assert.Contains("minutes from now", MailgunRoute.SignatureProblem(timestamp, "tok-1", Sign(timestamp, "tok-1"), Key, Now));
    }

    [Fact]
    public void A_timestamp_that_is_not_a_number_is_refused()
    {
        Assert.NotNull(MailgunRoute.SignatureProblem("-5", "tok-1", Sign("-5", "tok-1"), Key, Now));
        Assert.NotNull(MailgunRoute.SignatureProblem("99999999999999999999", "t", Sign("99999999999999999999", "t"), Key, Now));
    }
}
