using System.Security.Cryptography;
using System.Text;

namespace Notifications.Signing;

/// <summary>
/// The token of an email's reply address, <c>reply+{token}@{Email:ReplyDomain}</c>, written into its <c>Reply-To</c>:
/// the shape of <see cref="BounceToken"/> (40 characters of lowercase base32, a handle and its signature) with a
/// purpose string of its own, so a bounce token is never a reply token nor the other way round. The handle stands for
/// one recipient in one conversation (every email of that conversation to them has the same reply address); the
/// email sender stores the ids under it (<c>ReplyRecordStore</c>), and the gateway reads them back when a reply comes.
/// </summary>
public static class ReplyToken
{
    public const string LocalPartPrefix = "reply+";

    public const int Length = SignedAddressToken.Length;

    private const string Purpose = "notifications:reply-address:v1\n";
    private const string SenderPurpose = "notifications:reply-sender:v1\n";

    /// <summary>The handle of one recipient's emails about one conversation: the key their reply record is stored under.</summary>
    public static string HandleOf(string recipientId, string conversationId) =>
        LowercaseBase32.Encode(HandleBytesOf(recipientId, conversationId));

    public static string Create(string key, string recipientId, string conversationId) =>
        SignedAddressToken.Create(key, Purpose, HandleBytesOf(recipientId, conversationId));

    /// <summary>The whole address: <c>reply+{token}@{domain}</c>.</summary>
    public static string AddressOf(string key, string domain, string recipientId, string conversationId) =>
        $"{LocalPartPrefix}{Create(key, recipientId, conversationId)}@{domain.Trim()}";

    /// <summary>The token of a reply address (any case, in angle brackets or not), or null when it is not one.</summary>
    public static string? TokenOfAddress(string? address) => SignedAddressToken.TokenOfAddress(LocalPartPrefix, address);

    /// <summary>Reads a token; <paramref name="problem"/> says why it is refused (never echoing the key or the expected value).</summary>
    /// <returns>The handle (lowercase), or null when the token is malformed (<paramref name="forged"/> false) or its signature is not ours (true).</returns>
    public static string? Read(string key, string? token, out bool forged, out string? problem) =>
        SignedAddressToken.Read(key, Purpose, "reply", token, out forged, out problem);

    /// <summary>
    /// What the reply record keeps of the address the email went to: a keyed hash of it (case and spaces ignored), so
    /// the gateway can tell whether a reply comes from that address without the address being stored in clear.
    /// </summary>
    public static string SenderHashOf(string key, string address)
    {
        var signed = Encoding.UTF8.GetBytes(SenderPurpose + address.Trim().ToLowerInvariant());
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), signed));
    }

    // Newlines keep "a" + "b\nc" apart from "a\nb" + "c": ids hold no newline.
    private static byte[] HandleBytesOf(string recipientId, string conversationId) =>
        SHA256.HashData(Encoding.UTF8.GetBytes("reply\n" + recipientId + "\n" + conversationId)).AsSpan(0, SignedAddressToken.HandleBytes).ToArray();
}
