using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notifications.Router.Preferences;

namespace Notifications.Router.Window;

public static class DelayWindowRegistration
{
    /// <summary>The delay windows: their options (validated at start), the Redis windows and the release (which reads the recipient's choices again).</summary>
    public static IServiceCollection AddDelayWindows(this IServiceCollection services)
    {
        services.AddSingleton<DelayWindowOptionsSetup>();
        services.AddSingleton<IConfigureOptions<DelayWindowOptions>>(s => s.GetRequiredService<DelayWindowOptionsSetup>());
        services.AddSingleton<IValidateOptions<DelayWindowOptions>>(s => s.GetRequiredService<DelayWindowOptionsSetup>());
        services.AddOptions<DelayWindowOptions>().ValidateOnStart();
        services.AddSingleton<PendingWindows>();
        services.AddSingleton<DelayWindow>();
        services.AddSingleton<DelayWindowRelease>();
        services.TryAddSingleton<ChoicesAtRelease>();
        return services;
    }
}
