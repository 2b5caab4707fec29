using System.Text.Json;
using Notifications.Admin.Audit;
using Notifications.Admin.ProviderCredentials;
using Notifications.SharedState.ProviderSettings;

namespace Notifications.Admin.AdminApi;

/// <summary>
/// <c>GET/PUT /admin/providers</c>: the Twilio, OneSignal, Pusher Beams and Pusher Channels credentials the SMS and
/// push senders use, entered at run time. PUT takes <c>{"twilio": {"accountSid": "AC…", "authToken": "…", "from": "+1…"}}</c>;
/// a provider set to null goes back to the senders' configuration; providers not named stay as they are. Secrets
/// are write-only: GET shows <c>authTokenSet</c> and the like, never a value. <c>"pushProvider": "PusherBeams"</c>
/// (or <c>OneSignal</c>) replaces the push sender's <c>Push:Provider</c>; null goes back to it.
/// </summary>
public static class ProviderEndpoints
{
    public static WebApplication MapProviderAdmin(this WebApplication app)
    {
        var providers = app.MapGroup("/admin/providers").AddEndpointFilter<AdminApiKeyFilter>().RequireRateLimiting(Security.AdminRateLimiting.ApiPolicy);
        providers.MapGet("", async (ProviderSettingsStore store, ProviderReports reports) =>
            Results.Ok(await DescribeAsync(await store.GetAsync(), reports)));
        providers.MapPut("", PutAsync);
        return app;
    }

    private static async Task<IResult> PutAsync(HttpRequest request, ProviderSettingsStore store, ProviderReports reports, ILoggerFactory loggers, AuditTrail audit)
    {
        var (body, error) = await AdminEndpoints.ReadJsonObjectAsync(request,
            "{\"twilio\": {\"accountSid\": \"AC…\", \"authToken\": \"…\", \"from\": \"+14155550100\"}}");
        if (error is not null)
            return error;

        var updates = new List<ProviderCredentialChanges.Update>();
        ProviderCredentialChanges.PushProviderChange? pushProvider = null;
        foreach (var property in body.EnumerateObject())
        {
            // What GET shows and a PUT cannot change: the senders' reports.
            if (property.Name == SendersField)
                continue;
            var entry = AsPut(property);
            if (entry.Name == ProviderCredentialRules.PushProviderField)
            {
                if (entry.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    return AdminEndpoints.Invalid(entry.Name, $"{entry.Name} must be {string.Join(" or ", PushProviderNames.All)}, or null (back to the push sender's Push:Provider).");
                pushProvider = new(entry.Value.ValueKind == JsonValueKind.Null ? null : entry.Value.GetString());
                continue;
            }
            if (ProviderCredentialChanges.Find(entry.Name) is not { } provider)
                return AdminEndpoints.Invalid(entry.Name,
                    $"Unknown provider {entry.Name}. The providers are {string.Join(", ", ProviderCredentialChanges.Providers.Select(p => p.Name))}, "
                    + $"and {ProviderCredentialRules.PushProviderField} chooses the push provider.");
            if (entry.Value.ValueKind == JsonValueKind.Null)
            {
                updates.Add(new(provider, null));
                continue;
            }
            if (entry.Value.ValueKind != JsonValueKind.Object)
                return AdminEndpoints.Invalid(entry.Name, $"{entry.Name} must be an object of its fields ({string.Join(", ", provider.Fields)}) or null (back to configuration).");

            var fields = new Dictionary<string, string?>();
            foreach (var field in entry.Value.EnumerateObject())
            {
                var name = $"{entry.Name}.{field.Name}";
                // authTokenSet and the like, as GET shows a secret: read-only.
                if (provider.Secrets.Any(secret => field.Name == secret + "Set"))
                    continue;
                if (!provider.Fields.Contains(field.Name))
                    return AdminEndpoints.Invalid(name, $"Unknown field {name}. The fields of {entry.Name} are {string.Join(", ", provider.Fields)}.");
                if (field.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    return AdminEndpoints.Invalid(name, $"{name} must be a string (\"\" clears it, null keeps it).");
                fields[field.Name] = field.Value.ValueKind == JsonValueKind.Null ? null : field.Value.GetString();
            }
            updates.Add(new(provider, fields));
        }

        var result = await ProviderCredentialChanges.ApplyAsync(store, updates, pushProvider, await reports.ReadAsync(),
            loggers.CreateLogger("Notifications.EmailSender.Admin"), audit, AuditTrail.ThroughApi);
        return result.Error is not null
            ? AdminEndpoints.Invalid(result.Field!, result.Error)
            : Results.Ok(await DescribeAsync(result.Stored!, reports));
    }

    private const string SendersField = "senders";
    private const string RunTimeField = "runTime";

    /// <summary>
    /// A provider or the push provider choice as PUT takes it. GET shows each as <c>{"inEffect": …, "runTime": …}</c>;
    /// sent back that way, <c>runTime</c> is the value and <c>inEffect</c> (read-only) is ignored, so GET-then-PUT works.
    /// </summary>
    private static (string Name, JsonElement Value) AsPut(JsonProperty property)
    {
        if (property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty(RunTimeField, out var runTime)
            && property.Value.EnumerateObject().All(field => field.Name is RunTimeField or "inEffect"))
            return (property.Name, runTime);
        return (property.Name, property.Value);
    }

    /// <summary>Per provider: what is in effect and the run-time set (secrets as set/unset); then each sender's own report.</summary>
    private static async Task<object> DescribeAsync(RuntimeProviderSettings stored, ProviderReports reports)
    {
        var senders = await reports.ReadAsync();
        var described = new Dictionary<string, object>();
        foreach (var provider in ProviderCredentialChanges.Providers)
        {
            described[provider.Name] = new
            {
                inEffect = ProviderStatus.InEffect(provider, stored, senders),
                runTime = ProviderCredentialChanges.Describe(provider, stored),
            };
        }
        described[ProviderCredentialRules.PushProviderField] = ProviderCredentialChanges.DescribePushProvider(stored);
        described["senders"] = senders.ToDictionary(report => report.Key, report => new
        {
            configuredProviders = report.Value.ConfiguredProviders,
            description = report.Value.Description,
            reportedAt = report.Value.ReportedAt,
            host = report.Value.Host,
        });
        return described;
    }
}
