using System.Net;

namespace Notifications.Admin.Security;

/// <summary>Parses <c>Admin:KnownProxies</c> and <c>Admin:KnownNetworks</c>.</summary>
public static class KnownProxies
{
    public static (IReadOnlyList<IPAddress> Proxies, IReadOnlyList<System.Net.IPNetwork> Networks, string? Error) Parse(AdminSecurityOptions options)
    {
        var proxies = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in Split(options.KnownProxies))
        {
            if (!IPAddress.TryParse(entry, out var address))
                return ([], [], $"Admin:KnownProxies: {entry} is not an IP address.");
            proxies.Add(address);
        }
        foreach (var entry in Split(options.KnownNetworks))
        {
            if (!System.Net.IPNetwork.TryParse(entry, out var network))
                return ([], [], $"Admin:KnownNetworks: {entry} is not a CIDR network such as 10.0.0.0/8.");
            networks.Add(network);
        }
        return (proxies, networks, null);
    }

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
