using System.Text.Json;
using Microsoft.Extensions.Options;
using Notifications.Admin.Security;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.Admin.Audit;

/// <summary>
/// The audit trail of the admin surface, in Redis (<c>{prefix}admin:audit</c>, newest first, capped at
/// <c>Admin:AuditMaxEntries</c>) so every admin instance writes to and shows the same one. Written after each change
/// made through the admin API or the console, each sign-in and each refused attempt; shown on the console's audit page.
/// Callers pass field names, never values: nothing here can hold a secret.
/// </summary>
public sealed class AuditTrail(IConnectionMultiplexer redis, RedisKeys keys, IOptions<AdminSecurityOptions> options,
    IHttpContextAccessor http, TimeProvider clock, ILogger<AuditTrail> logger)
{
    public const string ThroughApi = "the admin API";
    public const string ThroughConsole = "the console";

    private const int MaxWhat = 300;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private RedisKey Key => keys.Key("admin:audit");

    /// <summary>Records one entry; a Redis failure is logged and does not undo or fail what was done.</summary>
    public async Task RecordAsync(string through, string action, string what)
    {
        // A request path is the client's to choose: kept short.
        what = what.Length > MaxWhat ? what[..MaxWhat] + "…" : what;
        var entry = new AuditEntry(clock.GetUtcNow(), WhoOf(through), SignInGuard.Name(http.HttpContext?.Connection.RemoteIpAddress), action, what);
        try
        {
            var db = redis.GetDatabase();
            var transaction = db.CreateTransaction();
            _ = transaction.ListLeftPushAsync(Key, JsonSerializer.Serialize(entry, Json));
            _ = transaction.ListTrimAsync(Key, 0, options.Value.AuditMaxEntries - 1);
            await transaction.ExecuteAsync();
        }
        catch (Exception failure) when (failure is RedisException or TimeoutException)
        {
            logger.LogWarning("Could not add to the audit trail: {Action} {What} by {Who} from {Address} ({Error})",
                entry.Action, entry.What, entry.Who, entry.Address, failure.GetType().Name);
        }
    }

    /// <summary>The newest entries first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(int count)
    {
        var values = await redis.GetDatabase().ListRangeAsync(Key, 0, count - 1);
        return values.Select(value => JsonSerializer.Deserialize<AuditEntry>(value.ToString(), Json)).OfType<AuditEntry>().ToList();
    }

    /// <summary>One key (or password) opens the whole surface, so "who" is the credential and the way it was used.</summary>
    private static string WhoOf(string through) => through switch
    {
        ThroughApi => "admin API key",
        ThroughConsole => "console session",
        _ => through,
    };
}
