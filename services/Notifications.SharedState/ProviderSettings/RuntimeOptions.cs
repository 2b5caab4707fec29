using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults.Redis;
using Notifications.SharedState.StoredDocuments;

namespace Notifications.SharedState.ProviderSettings;

/// <summary>
/// Options that can change while the service runs: read once per send, so a credential entered in the console
/// is used from the next notification on, without a restart.
/// </summary>
public interface IRuntimeOptions<T> where T : class
{
    ValueTask<T> CurrentAsync();
}

/// <summary>Options that never change: tests and tools that have no Redis.</summary>
public sealed class FixedOptions<T>(T value) : IRuntimeOptions<T> where T : class
{
    public ValueTask<T> CurrentAsync() => ValueTask.FromResult(value);
}

/// <summary>
/// Configuration with the run-time provider credentials (<see cref="ProviderSettingsStore"/>) applied over it by
/// <c>apply</c>, checked by the same validators as the configuration at start-up. Stored values that do not fit
/// the configuration are logged and ignored, so a bad entry cannot stop a channel that worked.
/// </summary>
public sealed class RuntimeOptions<T> : IRuntimeOptions<T> where T : class
{
    private readonly ProviderSettingsStore store;
    private readonly IOptions<T> configured;
    private readonly IEnumerable<IValidateOptions<T>> validators;
    private readonly Func<T, RuntimeProviderSettings, T> apply;
    private readonly ILogger<RuntimeOptions<T>> logger;
    private readonly DerivedFromDocument<RuntimeProviderSettings, T> effective;

    public RuntimeOptions(ProviderSettingsStore store, IOptions<T> configured, IEnumerable<IValidateOptions<T>> validators,
        Func<T, RuntimeProviderSettings, T> apply, ILogger<RuntimeOptions<T>> logger)
    {
        this.store = store;
        this.configured = configured;
        this.validators = validators;
        this.apply = apply;
        this.logger = logger;
        effective = new DerivedFromDocument<RuntimeProviderSettings, T>(EffectiveOf);
    }

    public async ValueTask<T> CurrentAsync() => effective.Of(await store.GetAsync());

    private T EffectiveOf(RuntimeProviderSettings stored)
    {
        var applied = apply(configured.Value, stored);
        if (ReferenceEquals(applied, configured.Value))
            return applied;

        var failures = validators.Select(validator => validator.Validate(Options.DefaultName, applied))
            .Where(result => result.Failed).SelectMany(result => result.Failures ?? []).ToList();
        if (failures.Count > 0)
        {
            logger.LogError("The run-time provider credentials do not fit this service's configuration ({Failures}); using the configuration",
                string.Join(" ", failures));
            return configured.Value;
        }
        logger.LogInformation("Using run-time provider credentials (stored through the console or admin API) for {Options}", typeof(T).Name);
        return applied;
    }
}

public static class RuntimeOptionsRegistration
{
    /// <summary>Registers <see cref="IRuntimeOptions{T}"/> for <typeparamref name="T"/>, built from configuration and <paramref name="apply"/>.</summary>
    public static IServiceCollection AddRuntimeOptions<T>(this IServiceCollection services, Func<T, RuntimeProviderSettings, T> apply) where T : class
    {
        services.TryAddSingleton<ProviderSettingsStore>();
        services.TryAddSingleton<ProviderReports>();
        services.TryAddSingleton<IRuntimeOptions<T>>(provider => new RuntimeOptions<T>(
            provider.GetRequiredService<ProviderSettingsStore>(),
            provider.GetRequiredService<IOptions<T>>(),
            provider.GetServices<IValidateOptions<T>>(),
            apply,
            provider.GetRequiredService<ILogger<RuntimeOptions<T>>>()));
        return services;
    }
}
