using System.Security.Cryptography;
using System.Text;

namespace Notifications.PushSender.Providers;

/// <summary>
/// RFC 9562 version 5 (SHA-1, name-based) UUIDs: the same name always gives the same UUID, which makes a
/// provider's idempotency key out of a notification id that is not itself a UUID.
/// </summary>
public static class NameBasedUuid
{
    /// <summary>This system's namespace, so its keys never collide with another system's v5 UUIDs of the same names.</summary>
    public static readonly Guid NotificationNamespace = new("6f1c2b9e-4d0a-4b8e-9a57-3c2d1e0f9b41");

    public static Guid Create(Guid @namespace, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        @namespace.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);

        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        var uuid = hash[..16];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x50); // version 5
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(uuid, bigEndian: true);
    }
}
