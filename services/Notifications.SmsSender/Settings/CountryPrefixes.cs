using System.Text.RegularExpressions;

namespace Notifications.SmsSender.Settings;

/// <summary>International dialling prefixes (<c>+1</c>, <c>+44</c>, <c>+1204</c>) as configured in lists.</summary>
public static partial class CountryPrefixes
{
    public static bool IsValid(string prefix) => Prefix().IsMatch(prefix);

    /// <summary>Splits comma-separated elements, trims, drops empties.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string?> configured) =>
        configured
            .SelectMany(element => (element ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    /// <summary>True when <paramref name="e164"/> starts with one of <paramref name="prefixes"/>.</summary>
    public static bool Matches(string e164, IReadOnlyList<string> prefixes) =>
        prefixes.Any(prefix => e164.StartsWith(prefix, StringComparison.Ordinal));

    [GeneratedRegex(@"^\+[1-9][0-9]{0,5}$")]
    private static partial Regex Prefix();
}
