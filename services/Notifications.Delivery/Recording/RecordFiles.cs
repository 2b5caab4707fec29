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

    /// <summary>Turns an id from a message into a safe file name: no path separators, no "..", nothing exotic.</summary>
    public static string SafeName(string id)
    {
        var name = new StringBuilder(id.Length);
        foreach (var c in id)
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        return name.Length == 0 ? "_" : name.ToString();
    }
}
