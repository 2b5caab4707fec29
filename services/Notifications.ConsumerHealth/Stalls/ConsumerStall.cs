namespace Notifications.ConsumerHealth;

/// <summary>A receive endpoint with messages ready in its queue and none completed for <paramref name="Quiet"/>.</summary>
/// <param name="InFlight">Messages its consumers started and have not finished: hung ones show here.</param>
/// <param name="PastLiveness">Quiet for longer than <see cref="StallOptions.LiveAfter"/>: the process should be restarted.</param>
public sealed record ConsumerStall(string Queue, uint Ready, TimeSpan Quiet, int InFlight, bool PastLiveness)
{
    public string Describe() =>
        $"{Queue}: {Ready} message(s) ready, none completed for {(int)Quiet.TotalSeconds} s ({InFlight} in flight)";
}
