namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>Polls a condition of the asynchronous pipeline until it holds or the time is up.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task TrueAsync(Func<Task<bool>> condition, string waitingFor, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {waitingFor}.");
            await Task.Delay(100);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string waitingFor, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), waitingFor, timeout);
}
