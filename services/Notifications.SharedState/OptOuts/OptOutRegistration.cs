using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifications.SharedState.Erasure;

namespace Notifications.SharedState.OptOuts;

public static class OptOutRegistration
{
    /// <summary>The opt-out store, for the router (its writer) and the console; it hashes addresses as the erasure does.</summary>
    public static IServiceCollection AddOptOuts(this IServiceCollection services)
    {
        services.AddOptions<ErasureOptions>().BindConfiguration(ErasureOptions.Section);
        services.TryAddSingleton<ErasedAddresses>();
        services.TryAddSingleton<OptOutStore>();
        services.TryAddSingleton<ParticipantChoicesReader>();
        return services;
    }
}
