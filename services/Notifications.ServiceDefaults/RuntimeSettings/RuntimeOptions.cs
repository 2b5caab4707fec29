using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.ServiceDefaults.RuntimeSettings;

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
public sealed class RuntimeOptions<T>(
    ProviderSettingsStore store,
    IOptions<T> configured,
    IEnumerable<IValidateOptions<T>> validators,
    Func<T, RuntimeProviderSettings, T> apply,
    ILogger<RuntimeOptions<T>> logger) : IRuntimeOptions<T> where T : class
{
    private volatile Derived? derived;

    /// <summary>The options computed from one stored document (memoised by reference).</summary>
    private sealed record Derived(RuntimeProviderSettings Stored, T Effective);

    public async ValueTask<T> CurrentAsync()
    {
        var stored = await store.GetAsync();
        var current = derived;
        if (current is not null && ReferenceEquals(current.Stored, stored))
            return current.Effective;

        var effective = apply(configured.Value, stored);
        if (!ReferenceEquals(effective, configured.Value))
        {
            var failures = validators.Select(validator => validator.Validate(Options.DefaultName, effective))
                .Where(result => result.Failed).SelectMany(result => result.Failures ?? []).ToList();
            if (failures.Count > 0)
            {
                logger.LogError("The run-time provider credentials do not fit this service's configuration ({Failures}); using the configuration",
                    string.Join(" ", failures));
                effective = configured.Value;
            }
            else
            {
                logger.LogInformation("Using run-time provider credentials (stored through the console or admin API) for {Options}", typeof(T).Name);
            }
        }
        derived = new Derived(stored, effective);
        return effective;
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
