using Microsoft.Extensions.Options;

namespace Notifications.Gateway.Ingest;

/// <summary>Says once at start whether the ingest is open, so an unset key is not mistaken for a broken platform.</summary>
public sealed class IngestNotice(IOptions<IngestOptions> options, ILogger<IngestNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.Value.SigningKey))
            logger.LogWarning("Ingest:SigningKey is not set: POST /events/* refuses every request (401)");
        else
            logger.LogInformation("HTTP ingest open at POST /events/{{EventName}} (bodies up to {MaxBodyBytes} bytes)", options.Value.MaxBodyBytes);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
