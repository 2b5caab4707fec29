using System.Security.Cryptography;
using System.Text;
using Notifications.Signing;

namespace Notifications.WebhookSender.Tests;

/// <summary>The signature a platform checks on every webhook: the ingest's own scheme, recomputed here from its definition.</summary>
public sealed class WebhookSigningTests
{
    private const string Key = "whsec-test-key";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_767_225_600);

    [Fact]
    public void Sign_IsHmacSha256OfTimestampDotBody_AsLowerHex()
    {
        var body = Encoding.UTF8.GetBytes("""{"type":"NotificationDelivered","id":"x"}""");
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key),
            Encoding.UTF8.GetBytes("1767225600." + Encoding.UTF8.GetString(body))));

        Assert.Equal(expected, RequestSignature.Sign(Key, "1767225600", body));
    }

    [Fact]
    public void A_signed_body_verifies_and_any_change_to_it_the_timestamp_or_the_key_does_not()
    {
        var body = Encoding.UTF8.GetBytes("""{"type":"NotificationDelivered"}""");
        var signature = RequestSignature.Sign(Key, "1767225600", body);
        var skew = TimeSpan.FromMinutes(5);

        Assert.Null(RequestSignature.Problem(Key, "1767225600", signature, body, Now, skew));
        Assert.NotNull(RequestSignature.Problem(Key, "1767225600", signature, Encoding.UTF8.GetBytes("""{"type":"NotificationFailed"}"""), Now, skew));
        Assert.NotNull(RequestSignature.Problem(Key, "1767225601", signature, body, Now, skew));
        Assert.NotNull(RequestSignature.Problem("another-key", "1767225600", signature, body, Now, skew));
        Assert.NotNull(RequestSignature.Problem(Key, "1767225600", signature, body, Now.AddMinutes(10), skew));
    }
}
