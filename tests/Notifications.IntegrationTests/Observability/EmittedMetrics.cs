using System.Text.RegularExpressions;
using static Notifications.IntegrationTests.Observability.DeployFiles;

namespace Notifications.IntegrationTests.Observability;

/// <summary>
/// The Prometheus names of the instruments the code creates (services/ and contracts/), as the OpenTelemetry
/// collector's Prometheus exporter writes them: dots to underscores, the unit as a suffix (s: _seconds; an
/// annotation such as {wait} adds none), _total on counters, _bucket/_sum/_count on histograms; up-down counters
/// and gauges keep their name.
/// </summary>
public static partial class EmittedMetrics
{
    public sealed record Instrument(string Name, string Kind, string? Unit, string File)
    {
        public IEnumerable<string> PrometheusNames()
        {
            var name = NotAllowed().Replace(Name, "_") + UnitSuffix(Unit);
            return Kind switch
            {
                "Counter" or "ObservableCounter" => [name + "_total"],
                "Histogram" => [name + "_bucket", name + "_sum", name + "_count"],
                _ => [name],
            };
        }
    }

    /// <summary>Every <c>Meter.Create*</c> call with a literal name in the code.</summary>
    public static List<Instrument> Declared()
    {
        var instruments = new List<Instrument>();
        foreach (var folder in new[] { "services", "contracts" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains("/obj/") || file.Contains("/bin/"))
                    continue;
                var code = File.ReadAllText(file);
                foreach (Match match in Creation().Matches(code))
                {
                    // The call's arguments run to the end of its statement: the unit, when given, is among them.
                    var end = code.IndexOf(';', match.Index);
                    var call = code[match.Index..(end < 0 ? code.Length : end)];
                    var unit = Unit().Match(call);
                    instruments.Add(new Instrument(match.Groups["name"].Value, match.Groups["kind"].Value, unit.Success ? unit.Groups["unit"].Value : null,
                        Path.GetRelativePath(Root, file)));
                }
            }
        }
        return instruments;
    }

    public static HashSet<string> PrometheusNames() => Declared().SelectMany(i => i.PrometheusNames()).ToHashSet(StringComparer.Ordinal);

    private static string UnitSuffix(string? unit) => unit switch
    {
        null or "" => "",
        "s" => "_seconds",
        "ms" => "_milliseconds",
        "By" => "_bytes",
        _ when unit.StartsWith('{') && unit.EndsWith('}') => "",
        // The exporter's table has more (1 is _ratio on a gauge only, and so on): one not listed here fails loudly.
        _ => throw new InvalidOperationException($"unit {unit}: add its Prometheus suffix to EmittedMetrics.UnitSuffix"),
    };

    [GeneratedRegex(@"\.Create(?<kind>Counter|Histogram|UpDownCounter|Gauge|ObservableCounter|ObservableGauge|ObservableUpDownCounter)\s*(<[^>]+>)?\s*\(\s*""(?<name>[^""]+)""")]
    private static partial Regex Creation();

    [GeneratedRegex(@"unit:\s*""(?<unit>[^""]*)""")]
    private static partial Regex Unit();

    [GeneratedRegex("[^A-Za-z0-9_:]")]
    private static partial Regex NotAllowed();
}
