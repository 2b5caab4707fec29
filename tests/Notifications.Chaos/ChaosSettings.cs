using System.Globalization;

namespace Notifications.Chaos;

/// <summary>
/// The knobs of a run, from environment variables, so a short run is possible:
/// CHAOS_MESSAGES (10000), CHAOS_RATE (messages/s published, 150), CHAOS_AGENTS (20),
/// CHAOS_FAULT_PERCENT (20), CHAOS_BROKER_DOWN_SECONDS (5), CHAOS_DRAIN_TIMEOUT_SECONDS (300),
/// CHAOS_QUIET_SECONDS (10), CHAOS_KILL (the senders killed with SIGKILL, in order: EmailSender,PushSender,SmsSender).
/// </summary>
public sealed record ChaosSettings
{
    public int Messages { get; init; } = 10_000;
    public int Rate { get; init; } = 150;
    public int Agents { get; init; } = 20;
    public int FaultPercent { get; init; } = 20;
    public int BrokerDownSeconds { get; init; } = 5;
    public int DrainTimeoutSeconds { get; init; } = 300;
    public int QuietSeconds { get; init; } = 10;
    public IReadOnlyList<string> Kill { get; init; } = ["EmailSender", "PushSender", "SmsSender"];

    public static ChaosSettings FromEnvironment()
    {
        var defaults = new ChaosSettings();
        var kill = Environment.GetEnvironmentVariable("CHAOS_KILL");
        return new ChaosSettings
        {
            Messages = Int("CHAOS_MESSAGES", defaults.Messages),
            Rate = Int("CHAOS_RATE", defaults.Rate),
            Agents = Int("CHAOS_AGENTS", defaults.Agents),
            FaultPercent = Int("CHAOS_FAULT_PERCENT", defaults.FaultPercent, allowZero: true),
            BrokerDownSeconds = Int("CHAOS_BROKER_DOWN_SECONDS", defaults.BrokerDownSeconds, allowZero: true),
            DrainTimeoutSeconds = Int("CHAOS_DRAIN_TIMEOUT_SECONDS", defaults.DrainTimeoutSeconds),
            QuietSeconds = Int("CHAOS_QUIET_SECONDS", defaults.QuietSeconds),
            Kill = kill is null
                ? defaults.Kill
                : kill.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
    }

    public override string ToString() =>
        $"{Messages} messages at {Rate}/s, {Agents} agents (and one more published just before every {ChaosDirectory.LateAgentEvery}th message), {FaultPercent} % provider faults, " +
        $"SIGKILL {(Kill.Count == 0 ? "none" : string.Join(", ", Kill))}, broker down {BrokerDownSeconds} s";

    private static int Int(string name, int fallback, bool allowZero = false) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
        && (value > 0 || (allowZero && value == 0))
            ? value
            : fallback;
}
