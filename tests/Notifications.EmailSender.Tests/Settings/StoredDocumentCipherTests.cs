using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Notifications.SharedState.StoredDocuments;

namespace Notifications.EmailSender.Tests.Settings;

/// <summary>The run-time settings documents encrypted at rest with <c>Secrets:EncryptionKey</c>.</summary>
public sealed class StoredDocumentCipherTests
{
    private const string Key = "hO4Xb8yQ2bPp1Wc5m2nS2Ls3q3d8E1rXQ9tqv4s0dUE=";
    private const string OtherKey = "q3d8E1rXQ9tqv4s0dUEhO4Xb8yQ2bPp1Wc5m2nS2Ls0=";
    private const string Document = """{"twilio":{"accountSid":"AC1","authToken":"very-secret"}}""";
    private const string RedisKey = "notifications:providers:settings";

    private static StoredDocumentCipher With(string? key) => new(Options.Create(new SecretsOptions { EncryptionKey = key }));

    [Fact]
    public void WithAKey_TheStoredFormHidesTheDocument_AndReadsBack()
    {
        var cipher = With(Key);

        var stored = cipher.Protect(Document, RedisKey);

        Assert.StartsWith("enc:v2:", stored);
        Assert.DoesNotContain("very-secret", stored);
        Assert.DoesNotContain("twilio", stored);
        Assert.NotEqual(stored, cipher.Protect(Document, RedisKey));
        Assert.Equal(Document, cipher.Unprotect(stored, RedisKey));
    }

    [Fact]
    public void WithoutAKey_DocumentsAreStoredAsTheyAre_AndPlainOnesAreAlwaysRead()
    {
        Assert.Equal(Document, StoredDocumentCipher.None.Protect(Document, RedisKey));
        Assert.Equal(Document, With(Key).Unprotect(Document, RedisKey));
    }

    [Fact]
    public void TheWrongKey_OrNone_IsNamedInTheError_WithoutShowingAKey()
    {
        var stored = With(Key).Protect(Document, RedisKey);

        var wrong = Assert.Throws<CryptographicException>(() => With(OtherKey).Unprotect(stored, RedisKey));
        Assert.Contains("Secrets:EncryptionKey is not the key it was saved with", wrong.Message);
        Assert.DoesNotContain(Key, wrong.Message);
        Assert.DoesNotContain(OtherKey, wrong.Message);

        var none = Assert.Throws<CryptographicException>(() => StoredDocumentCipher.None.Unprotect(stored, RedisKey));
        Assert.Contains("Secrets:EncryptionKey is not set", none.Message);
    }

    private static StoredDocumentCipher Rotated(string key, params string[] previous) =>
        new(Options.Create(new SecretsOptions { EncryptionKey = key, PreviousEncryptionKeys = previous }));

    [Fact]
    public void AStoredDocument_NamesItsKeyById_WithoutShowingTheKey()
    {
        var stored = With(Key).Protect(Document, RedisKey);

        Assert.StartsWith($"enc:v2:{With(Key).KeyId}:", stored);
        Assert.Equal(8, With(Key).KeyId!.Length);
        Assert.NotEqual(With(Key).KeyId, With(OtherKey).KeyId);
    }

    [Fact]
    public void AfterARotation_DocumentsOfThePreviousKey_StillRead_AndAreMarkedForReencryption()
    {
        var stored = With(Key).Protect(Document, RedisKey);
        var rotated = Rotated(OtherKey, Key);

        Assert.Equal(Document, rotated.Unprotect(stored, RedisKey));
        Assert.True(rotated.NeedsReencryption(stored));
        Assert.False(rotated.NeedsReencryption(rotated.Protect(Document, RedisKey)));
        Assert.Contains("nor is any of Secrets:PreviousEncryptionKeys", Assert.Throws<CryptographicException>(() => With(OtherKey).Unprotect(stored, RedisKey)).Message);
    }

    [Fact]
    public void AV1DocumentFromBeforeKeyIds_ReadsWithTheCurrentOrAPreviousKey()
    {
        // enc:v1: is nonce, tag and ciphertext without a key id: what earlier versions stored.
        var v2 = With(Key).Protect(Document, RedisKey);
        var v1 = "enc:v1:" + v2[(v2.IndexOf(':', "enc:v2:".Length) + 1)..];

        Assert.Equal(Document, With(Key).Unprotect(v1, RedisKey));
        Assert.Equal(Document, Rotated(OtherKey, Key).Unprotect(v1, RedisKey));
        Assert.True(With(Key).NeedsReencryption(v1));
    }

    [Fact]
    public void WithEncryptionRequired_APlainDocumentIsRefused_ButTheReencryptionReadsIt()
    {
        var required = new StoredDocumentCipher(Options.Create(new SecretsOptions { EncryptionKey = Key, RequireEncryption = true }));

        Assert.Contains("Secrets:RequireEncryption", Assert.Throws<CryptographicException>(() => required.Unprotect(Document, RedisKey)).Message);
        Assert.Equal(Document, required.UnprotectForReencryption(Document, RedisKey));
        Assert.True(required.NeedsReencryption(Document));
    }

    [Fact]
    public void RequiringEncryptionWithoutAKey_OrAMalformedPreviousKey_StopsTheService()
    {
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => new StoredDocumentCipher(Options.Create(new SecretsOptions { RequireEncryption = true })));
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => Rotated(Key, "not-a-key"));
    }

    [Fact]
    public void ADocumentCopiedUnderAnotherRedisKey_DoesNotDecrypt() =>
        Assert.Throws<CryptographicException>(() => With(Key).Unprotect(With(Key).Protect(Document, RedisKey), "notifications:email:settings"));

    [Fact]
    public void ADamagedStoredForm_IsAClearError() =>
        Assert.Contains("damaged", Assert.Throws<CryptographicException>(() => With(Key).Unprotect("enc:v1:not base64!", RedisKey)).Message);

    [Theory]
    [InlineData("not base64 at all")]
    [InlineData("c2hvcnQ=")]
    public void AKeyThatIsNot32Bytes_StopsTheServiceNamingTheSetting_WithoutEchoingIt(string key)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => With(key));

        Assert.Contains("Secrets:EncryptionKey must be 32 random bytes in base64", failure.Message);
        Assert.DoesNotContain(key, failure.Message);
    }
}
