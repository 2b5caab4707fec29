using System.Globalization;

namespace Notifications.Chaos;

/// <summary>
/// The local TCP ports of a process's open sockets, from Linux's /proc: its sockets' inodes (the links in
/// <c>/proc/{pid}/fd</c>) matched to the connection tables <c>/proc/net/tcp</c> and <c>tcp6</c>. Read just before a
/// sender is killed, they say which SMTP connections were its own, so an email the sink accepted on one of them is
/// known to have come from that process. Empty where /proc is not there.
/// </summary>
public static class ProcessTcpPorts
{
    public static IReadOnlySet<int> Of(int processId)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var fd in Directory.EnumerateFiles($"/proc/{processId}/fd"))
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                    inodes.Add(target["socket:[".Length..^1]);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new HashSet<int>();
        }

        var ports = new HashSet<int>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
                continue;
            // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ..."
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && inodes.Contains(fields[9]))
                    ports.Add(int.Parse(fields[1][(fields[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }
        return ports;
    }
}
