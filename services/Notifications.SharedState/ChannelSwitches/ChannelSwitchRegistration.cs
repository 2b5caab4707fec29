using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Notifications.SharedState.ChannelSwitches;

public static class ChannelSwitchRegistration
{
    /// <summary>The configured switches (<c>Channels:*:Enabled</c>) and the run-time store, for the services that read or change them.</summary>
    public static IHostApplicationBuilder AddChannelSwitches(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChannelSwitchOptions>().BindConfiguration(ChannelSwitchOptions.Section);
        builder.Services.AddSingleton<ChannelSwitchStore>();
        return builder;
    }
}
