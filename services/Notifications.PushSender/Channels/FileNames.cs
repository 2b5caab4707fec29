using System.Text;

namespace Notifications.PushSender.Channels;

/// <summary>Turns an id from a message into a safe file name: no path separators, no "..", nothing exotic.</summary>
public static class FileNames
{
    public static string For(string id)
    {
        var name = new StringBuilder(id.Length);
        foreach (var c in id)
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        return name.Length == 0 ? "_" : name.ToString();
    }
}
