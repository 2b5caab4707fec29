using System.ComponentModel.DataAnnotations;

namespace Notifications.Admin.Security;

/// <summary>
/// <c>Admin:RateLimit:*</c> and <c>Admin:SignIn:*</c>: how fast the admin surface answers one client address, and
/// when repeated wrong secrets (console sign-ins and admin API keys alike) lock an address out.
/// </summary>
public sealed class AdminSecurityOptions
{
    public const string Section = "Admin";

    public RateLimitOptions RateLimit { get; set; } = new();

    public SignInOptions SignIn { get; set; } = new();

    /// <summary>
    /// <c>Admin:KnownProxies</c>: IP addresses of the reverse proxies in front of the admin service, comma-separated.
    /// Only their <c>X-Forwarded-For</c> is believed; unset, the connection's own address is the client's.
    /// </summary>
    public string? KnownProxies { get; set; }

    /// <summary><c>Admin:KnownNetworks</c>: the same as networks in CIDR notation (<c>10.0.0.0/8</c>), comma-separated.</summary>
    public string? KnownNetworks { get; set; }

    /// <summary><c>Admin:AuditMaxEntries</c>: how many entries the audit trail keeps (the oldest go first).</summary>
    [Range(10, 1_000_000, ErrorMessage = "Admin:AuditMaxEntries must be between 10 and 1000000.")]
    public int AuditMaxEntries { get; set; } = 1000;

    public sealed class RateLimitOptions
    {
        /// <summary>Sign-in posts per client address per minute, on each admin instance.</summary>
        [Range(1, 10_000, ErrorMessage = "Admin:RateLimit:SignInPerMinute must be between 1 and 10000.")]
        public int SignInPerMinute { get; set; } = 10;

        /// <summary>Admin API requests per client address per minute, on each admin instance.</summary>
        [Range(1, 1_000_000, ErrorMessage = "Admin:RateLimit:ApiPerMinute must be between 1 and 1000000.")]
        public int ApiPerMinute { get; set; } = 300;
    }

    public sealed class SignInOptions
    {
        /// <summary>Wrong secrets from one address within <see cref="FailureWindowSeconds"/> before it is locked out.</summary>
        [Range(1, 1000, ErrorMessage = "Admin:SignIn:MaxFailuresPerAddress must be between 1 and 1000.")]
        public int MaxFailuresPerAddress { get; set; } = 5;

        /// <summary>
        /// Wrong secrets from all addresses together within the window: past it (guessing spread over many
        /// addresses), any address that fails once more is locked out at once. Addresses that do not fail are not.
        /// </summary>
        [Range(1, 1_000_000, ErrorMessage = "Admin:SignIn:MaxFailuresOverall must be between 1 and 1000000.")]
        public int MaxFailuresOverall { get; set; } = 50;

        [Range(1, 86_400, ErrorMessage = "Admin:SignIn:FailureWindowSeconds must be between 1 and 86400.")]
        public int FailureWindowSeconds { get; set; } = 900;

        [Range(1, 86_400, ErrorMessage = "Admin:SignIn:LockoutSeconds must be between 1 and 86400.")]
        public int LockoutSeconds { get; set; } = 900;
    }
}
