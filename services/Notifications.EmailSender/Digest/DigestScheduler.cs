using Notifications.Email.Digest;
using Notifications.Email.Settings;

namespace Notifications.EmailSender.Digest;

/// <summary>
/// Flushes digests on <c>Email:Digest:Schedule</c> (UTC; the run-time setting wins). The schedule is read again
/// at least every minute, so a change through the admin API applies without a restart. Flushing runs even
/// when digest mode was switched off, so entries queued before that are still sent.
/// </summary>
public sealed class DigestScheduler(DigestFlusher flusher, EmailSettingsStore settings, TimeProvider time, ILogger<DigestScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan Recheck = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? due = null;
        string? schedule = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var email = await settings.GetEffectiveAsync();
                var now = time.GetUtcNow();
                if (schedule != email.Digest.Schedule || due is null)
                {
                    schedule = email.Digest.Schedule;
                    due = DigestSchedule.Parse(schedule)?.GetNextOccurrence(now, TimeZoneInfo.Utc);
                }
                if (due is { } next && next <= now)
                {
                    await flusher.FlushAsync(stoppingToken);
                    due = null;
                    continue;
                }
                var wait = due is { } upcoming ? upcoming - now : Recheck;
                await Task.Delay(wait < Recheck ? wait : Recheck, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                logger.LogError("Scheduled digest flush failed ({Error}: {Message}); trying again in a minute", failure.GetType().Name, failure.Message);
                await Task.Delay(Recheck, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
