namespace Notifications.Benchmarks.Running;

/// <summary>
/// Each target's run is repeated (BENCH_REPEATS, 3 by default) and reported as the median and spread: one run on a
/// shared machine moves too much to say whether a bound holds.
/// </summary>
public static class Repeats
{
    public static int Count => BenchSettings.Int("BENCH_REPEATS", 3);

    public static async Task<List<T>> RunAsync<T>(string what, Func<int, Task<T>> once)
    {
        var results = new List<T>();
        for (var i = 0; i < Count; i++)
        {
            Console.WriteLine($"  -- {what}: run {i + 1} of {Count}");
            results.Add(await once(i));
        }
        return results;
    }
}
