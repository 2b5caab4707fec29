using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifications.SharedState.OptOuts;

namespace Notifications.SharedState.Erasure;

/// <summary>
/// The <c>Erasure</c> section, read by every service that erases (the router and the admin service).
/// </summary>
public sealed class ErasureOptions
{
    public const string Section = "Erasure";

    /// <summary>
    /// <c>Erasure:AddressHashKey</c>: the HMAC key of the erased-address hashes. Unset, they are plain SHA-256, which
    /// anyone holding the set can reverse for a phone number by trying every number. Set it once, outside Redis, and
    /// never change it: a hash made with another key no longer matches its address.
    /// </summary>
    public string? AddressHashKey { get; set; }
}

public static class ErasureRegistration
{
    public static IServiceCollection AddParticipantErasure(this IServiceCollection services)
    {
        services.AddOptions<ErasureOptions>().BindConfiguration(ErasureOptions.Section);
        services.TryAddSingleton<ErasedAddresses>();
        services.TryAddSingleton<OptOutStore>();
        services.AddSingleton<ParticipantErasure>();
        services.AddHostedService<ErasureKeyNotice>();
        return services;
    }
}
