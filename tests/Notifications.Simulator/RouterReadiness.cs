namespace Notifications.Simulator;

/// <summary>
/// Waits for the router's <c>/health/ready</c> before the demo publishes. Messages published while the router is
/// still starting wait in its queue beside the participants published just before them, and the router, which
/// consumes them concurrently, could route a message before its participants are in the directory.
/// </summary>
public static class RouterReadiness
{
    /// <summary><c>DEMO_ROUTER_URL</c> (default the router of <c>make run</c>); <c>DEMO_WAIT_SECONDS=0</c> skips the wait.</summary>
    public static async Task<bool> WaitAsync(TextWriter output)
    {
        var baseUrl = Environment.GetEnvironmentVariable("DEMO_ROUTER_URL") is { Length: > 0 } configured ? configured : "http://127.0.0.1:5101";
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("DEMO_WAIT_SECONDS"), out var parsed) ? parsed : 120;
        if (seconds <= 0)
            return true;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var ready = new Uri(new Uri(baseUrl), "/health/ready");
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var said = false;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync(ready)).IsSuccessStatusCode)
                    return true;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (!said)
            {
                output.WriteLine($"Waiting for the router to be ready at {ready} (start the services with `make run`)...");
                said = true;
            }
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return false;
    }
}
