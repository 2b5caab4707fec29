using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifications.Router.Preferences;
using Microsoft.Extensions.Options;
using Notifications.Router.Routing;
using Notifications.SharedState.AddressMarks;

namespace Notifications.Router.Fallback;

public static class FallbackRegistration
{
    /// <summary>Sms:Mode and Push:Mode (validated at start), the held fallbacks, the bad-address marks and the fallback's sender.</summary>
    public static IServiceCollection AddChannelFallback(this IServiceCollection services)
    {
        services.AddSingleton<ChannelModeSetup>();
        services.AddSingleton<IConfigureOptions<RoutingOptions>>(s => s.GetRequiredService<ChannelModeSetup>());
        services.AddSingleton<IValidateOptions<RoutingOptions>>(s => s.GetRequiredService<ChannelModeSetup>());
        services.AddSingleton<FallbackHolds>();
        services.TryAddSingleton<ChoicesAtRelease>();
        services.AddSingleton<FallbackSender>();
        services.AddAddressMarks();
        return services;
    }
}
