using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Notifications.Delivery.Recording;

/// <summary>
/// Writes what a sender would have sent as a JSON file, for channels without provider credentials (development,
/// demos). The file is named after the notification id, so a redelivered command overwrites rather than
/// duplicates, and is written then renamed, so a reader (or a crash) never sees half a file.
/// </summary>
public static class RecordFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task WriteAsync(string directory, string notificationId, object record, CancellationToken cancellationToken)
    {
        var fullDirectory = Path.GetFullPath(directory);
        Directory.CreateDirectory(fullDirectory);

        var path = Path.Combine(fullDirectory, SafeName(notificationId) + ".json");
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await using (var stream = File.Create(temporary))
            await JsonSerializer.SerializeAsync(stream, record, Json, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>File names stay well under the 255 bytes file systems allow.</summary>
    public const int MaxNameLength = 180;

    /// <summary>
    /// Turns an id from a message into a safe file name that no other id gives: ASCII letters, digits and '-' are kept,
    /// ':' (the notification id's separator) becomes '_', and every other character ('_' and '~' included) becomes '~'
    /// and the hex of its UTF-8 bytes. So <c>m-1:agent-7:sms</c> is still <c>m-1_agent-7_sms</c>, while <c>agent.1</c>
    /// (<c>agent~2E1</c>) and <c>agent_1</c> (<c>agent~5F1</c>) no longer collide, and no name holds a path separator
    /// or "..". A name longer than <see cref="MaxNameLength"/> is cut and ends with a hash of the whole id.
    /// </summary>
    public static string SafeName(string id)
    {
        var name = new StringBuilder(id.Length);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in id.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value == '-'))
            {
                name.Append((char)rune.Value);
                continue;
            }
            if (rune.Value == ':')
            {
                name.Append('_');
                continue;
            }
            var length = rune.EncodeToUtf8(bytes);
            name.Append('~').Append(Convert.ToHexString(bytes[..length]));
        }
        if (name.Length == 0)
            return "_";
        if (name.Length <= MaxNameLength)
            return name.ToString();
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..32];
        return name.ToString(0, MaxNameLength - 34) + "~~" + hash;
    }
}
