using System.Globalization;

namespace Notifications.Benchmarks.Cpu;

/// <summary>
/// The CPU time one process has used, from <c>/proc/{pid}/stat</c> (utime + stime, all its threads), and the
/// processes of a given name. Unlike the whole machine's <c>/proc/stat</c>, it charges each process only for
/// what it did itself, so the benchmark's own load generator and whatever else runs on the machine stay out.
/// </summary>
public static class ProcessCpu
{
    /// <summary>USER_HZ, the unit of utime and stime: 100 on every Linux this runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <returns>Seconds of CPU used since the process started, or NaN when it is gone or /proc is missing.</returns>
    public static double SecondsOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: the fields after it are split.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields 14 (utime) and 15 (stime), counted from the state (field 3) at index 0.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return double.NaN;
        }
    }

    /// <summary>The processes whose command name (<c>/proc/{pid}/comm</c>) is <paramref name="command"/>.</summary>
    public static IReadOnlyList<int> Named(string command)
    {
        if (!Directory.Exists("/proc"))
            return [];
        var pids = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
                continue;
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() == command)
                    pids.Add(pid);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while the list was read.
            }
        }
        return pids;
    }
}
