using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

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
            .ValidateOnStart();
        builder.Services.TryAddSingleton<StoredDocumentCipher>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
