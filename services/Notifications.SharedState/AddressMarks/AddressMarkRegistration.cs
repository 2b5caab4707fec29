using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifications.SharedState.Erasure;

namespace Notifications.SharedState.AddressMarks;

public static class AddressMarkRegistration
{
    /// <summary>The bad-address marks, for the router (their writer and reader); addresses are hashed as the erasure does.</summary>
    public static IServiceCollection AddAddressMarks(this IServiceCollection services)
    {
        services.AddOptions<ErasureOptions>().BindConfiguration(ErasureOptions.Section);
        services.TryAddSingleton<ErasedAddresses>();
        services.TryAddSingleton<AddressMarkStore>();
        return services;
    }
}
