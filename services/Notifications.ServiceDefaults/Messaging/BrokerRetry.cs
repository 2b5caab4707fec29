namespace Notifications.ServiceDefaults.Messaging;

/// <summary>
/// The one retry loop for work a service does on the broker outside MassTransit (declaring the delay ladder and the
/// platform's topology, removing a legacy queue): the service starts whether or not the broker is up, and the work
/// is retried in the background, 1 s after the first failure and doubling to at most <see cref="MaxDelay"/>, as the
/// bus retries its own connection.
/// </summary>
public static class BrokerRetry
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    /// <param name="attempt">One try; true when the work is done, false to be called again at once (it waited itself).</param>
    /// <param name="failed">Told of the first failure and then of every tenth, so a broker down for long does not flood the log.</param>
    /// <returns>True when the work was done; false when the service stopped first.</returns>
    public static async Task<bool> UntilDoneAsync(Func<CancellationToken, Task<bool>> attempt, Action<Exception> failed, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        for (var failures = 0; !stoppingToken.IsCancellationRequested;)
        {
            try
            {
                if (await attempt(stoppingToken))
                    return true;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (failures++ % 10 == 0)
                    failed(e);
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
            }
        }
        return false;
    }
}
