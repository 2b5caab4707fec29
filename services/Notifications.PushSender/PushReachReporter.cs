using Notifications.PushSender.Settings;
using Notifications.SharedState.ProviderSettings;

namespace Notifications.PushSender;

/// <summary>
/// Keeps <see cref="PushReachStore"/> current for the router: at start and every <see cref="RenewEvery"/>, with the
/// run-time credentials applied, so a provider entered in the console changes the router's choice within that time.
/// The stored reach outlives a few missed renewals only; a push sender that stopped leaves it unknown.
/// </summary>
public sealed class PushReachReporter(IRuntimeOptions<PushOptions> options, PushReachStore store, ILogger<PushReachReporter> logger) : BackgroundService
{
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Lifetime = RenewEvery * 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RenewEvery);
        PushReach? reported = null;
        do
        {
            try
            {
                var reach = (await options.CurrentAsync()).Reach;
                await store.WriteAsync(reach, Lifetime);
                if (reach != reported)
                    logger.LogInformation("Push reaches iOS devices: {Ios}; Android and web devices: {Other} (reported to the router)", reach.Ios, reach.OtherPlatforms);
                reported = reach;
            }
            catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
            {
                // Any failure but the service stopping, a timeout's TaskCanceledException included: one that escaped
                // would stop the whole host (BackgroundServiceExceptionBehavior.StopHost), and with it every consumer.
                // Redis away or the settings unreadable: the stored reach expires, and the router keeps the desktop
                // notification meanwhile (the safe side: an extra desktop notification, never a missing one).
                logger.LogWarning("Could not report the push reach to the router ({Error}); trying again in {Seconds} s", failure.GetType().Name, RenewEvery.TotalSeconds);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
