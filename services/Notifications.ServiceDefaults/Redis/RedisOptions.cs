using System.ComponentModel.DataAnnotations;

namespace Notifications.ServiceDefaults.Redis;

/// <summary>Bound from the <c>Redis</c> section; the connection itself is <c>ConnectionStrings:redis</c>.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";
    public const string ConnectionStringKey = "ConnectionStrings:redis";
    public const string DefaultConnectionString = "localhost:6379";

    /// <summary>Every key the system writes starts with this, so several deployments (or test runs) can share
    /// one Redis without seeing each other's state.</summary>
    [Required, RegularExpression(@"^[A-Za-z0-9_\-:.]{1,64}$",
        ErrorMessage = "Redis:KeyPrefix may hold only letters, digits and _ - : . (at most 64).")]
    public string KeyPrefix { get; set; } = "notifications:";
}
