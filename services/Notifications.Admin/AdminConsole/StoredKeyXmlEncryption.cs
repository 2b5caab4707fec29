using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Notifications.SharedState.StoredDocuments;

namespace Notifications.Admin.AdminConsole;

/// <summary>
/// Encrypts the console's Data Protection keys at rest with <c>Secrets:EncryptionKey</c> (the cipher of the stored
/// settings: AES-256-GCM, the key named by id), so a Redis dump no longer holds keys that forge console sessions and
/// anti-forgery tokens. Keys stored with a previous key (<c>Secrets:PreviousEncryptionKeys</c>) still decrypt during a
/// rotation; keys stored before this, unencrypted, are still read.
/// </summary>
public sealed class StoredKeyXmlEncryptor(StoredDocumentCipher cipher) : IXmlEncryptor
{
    /// <summary>Associated data of every encrypted key: such a value copied into a settings document does not decrypt there.</summary>
    internal const string AssociatedData = "console:data-protection-key";

    internal static readonly XName Element = "storedKeyEncrypted";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(new XElement(Element, new XAttribute("keyId", cipher.KeyId ?? ""),
                cipher.Protect(plaintextElement.ToString(SaveOptions.DisableFormatting), AssociatedData)),
            typeof(StoredKeyXmlDecryptor));
}

/// <summary>The other half of <see cref="StoredKeyXmlEncryptor"/>, created by Data Protection from the name the encrypted element records.</summary>
public sealed class StoredKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        XElement.Parse(services.GetRequiredService<StoredDocumentCipher>().Unprotect(encryptedElement.Value, StoredKeyXmlEncryptor.AssociatedData));
}
