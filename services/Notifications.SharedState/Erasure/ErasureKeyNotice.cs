using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Notifications.SharedState.Erasure;

/// <summary>
/// A warning at every start while <c>Erasure:AddressHashKey</c> is unset: the hashes kept of erased participants'
/// addresses are then plain SHA-256, which anyone with a copy of Redis turns back into phone numbers by trying them all.
/// </summary>
public sealed class ErasureKeyNotice(IOptions<ErasureOptions> options, ILogger<ErasureKeyNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.Value.AddressHashKey))
            logger.LogWarning("Erasure:AddressHashKey is not set: the hashes kept of erased participants' addresses are plain SHA-256, "
                + "which a copy of Redis reverses for phone numbers. Set it once, outside Redis, the same on the router and the admin service "
                + "(openssl rand -base64 32), and never change it");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
