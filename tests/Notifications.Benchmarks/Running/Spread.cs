namespace Notifications.Benchmarks.Running;

/// <summary>The median of a figure over the repeats of a run, and its spread (lowest to highest).</summary>
public sealed record Spread(double Median, double Min, double Max, int Count)
{
    /// <summary>Figures that could not be measured (NaN) are left out; none left gives NaN throughout.</summary>
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToList();
        if (sorted.Count == 0)
            return new Spread(double.NaN, double.NaN, double.NaN, 0);
        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1], sorted.Count);
    }

    /// <summary>"median (spread min - max over n runs)", or the one figure of a single run.</summary>
    public string Format(Func<double, string> format) => Count <= 1
        ? format(Median)
        : $"{format(Median)} (spread {format(Min)} - {format(Max)} over {Count} runs)";
}
