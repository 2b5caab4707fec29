using Notifications.Email.Settings;
using Notifications.SharedState.ProviderSettings;
using Notifications.SharedState.StoredDocuments;

namespace Notifications.Admin.AdminApi;

/// <summary>
/// <c>POST /admin/secrets/reencrypt</c>: the one-time re-encryption after <c>Secrets:EncryptionKey</c> was set for the
/// first time or rotated (docs/operations.md): every stored settings document that is plain JSON, from before key ids,
/// or under a previous key is written again with the current key, after which plain documents are refused (as with
/// <c>Secrets:RequireEncryption</c>). Safe to repeat. Answers what it did per document, never a value.
/// </summary>
public static class SecretsEndpoints
{
    public static WebApplication MapSecretsAdmin(this WebApplication app)
    {
        app.MapPost("/admin/secrets/reencrypt", ReencryptAsync).AddEndpointFilter<AdminApiKeyFilter>();
        return app;
    }

    private static async Task<IResult> ReencryptAsync(StoredDocumentCipher cipher, ProviderSettingsStore providers, EmailSettingsStore email)
    {
        if (!cipher.Encrypts)
            return AdminEndpoints.Invalid(SecretsOptions.Section + ":EncryptionKey", "Set Secrets:EncryptionKey on every service first; there is no key to encrypt with.");
        var results = new[] { await providers.ReencryptAsync(), await email.ReencryptAsync() };
        // Every document is encrypted now: from here on a plain one can only come from a Redis writer, and is refused.
        await providers.MarkReencryptedAsync();
        return Results.Ok(new
        {
            keyId = cipher.KeyId,
            documents = results.Select(result => new { document = result.Document, redisKey = result.RedisKey, result = Describe(result.Result) }),
        });
    }

    private static string Describe(DocumentReencryption result) => result switch
    {
        DocumentReencryption.Absent => "absent",
        DocumentReencryption.Reencrypted => "re-encrypted",
        _ => "already-current",
    };
}
