using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifications.Router.Preferences;

namespace Notifications.Router.Quiet;

public static class QuietHoursRegistration
{
    /// <summary>Quiet hours: the Redis summaries, the hold and the summary's release.</summary>
    public static IServiceCollection AddQuietHours(this IServiceCollection services)
    {
        services.AddSingleton<QuietSummaries>();
        services.AddSingleton<QuietHoursHold>();
        services.AddSingleton<QuietSummaryRelease>();
        services.TryAddSingleton<ChoicesAtRelease>();
        return services;
    }
}
