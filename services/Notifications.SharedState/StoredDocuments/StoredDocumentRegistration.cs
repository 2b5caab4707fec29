using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Notifications.ServiceDefaults;

namespace Notifications.SharedState.StoredDocuments;

public static class StoredDocumentRegistration
{
    /// <summary>
    /// <c>Secrets:EncryptionKey</c> and the cipher of the documents that hold credentials, for the services that read
    /// or write them (the senders and the admin service). A malformed key stops the service at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddStoredDocuments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SecretsOptions>()
            .BindConfiguration(SecretsOptions.Section)
            .Validate(options => StoredDocumentCipher.IsValidKey(options.EncryptionKey, out _), StoredDocumentCipher.KeyProblem)
            .Validate(options => StoredDocumentCipher.ArePreviousKeysValid(options.PreviousEncryptionKeys), StoredDocumentCipher.PreviousKeyProblem)
            .Validate(options => !options.RequireEncryption || !string.IsNullOrWhiteSpace(options.EncryptionKey), StoredDocumentCipher.RequireProblem)
            .ValidateOnStart();
        builder.Services.TryAddSingleton<StoredDocumentCipher>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>
    /// Makes <c>/health/ready</c> fail, naming the document and its key, while the document of <typeparamref name="TStore"/>
    /// is there but cannot be read. For the senders only: the admin service stays ready, as it is where the settings are
    /// entered again.
    /// </summary>
    public static IHostApplicationBuilder AddStoredDocumentReadiness<TStore>(this IHostApplicationBuilder builder, string name)
        where TStore : class, IStoredDocumentProbe
    {
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            name, provider => new StoredDocumentHealthCheck(provider.GetRequiredService<TStore>()), failureStatus: null,
            tags: [ServiceDefaultsExtensions.ReadyTag]));
        return builder;
    }
}
