using System.Globalization;

namespace Notifications.Chaos;

/// <summary>
/// The knobs of a run, from environment variables, so a short run is possible:
/// CHAOS_MESSAGES (10000), CHAOS_RATE (messages/s published, 150), CHAOS_AGENTS (20),
/// CHAOS_FAULT_PERCENT (20), CHAOS_BROKER_DOWN_SECONDS (5), CHAOS_BROKER_RESTARTS (3), CHAOS_REDIS_PAUSE_SECONDS (30),
/// CHAOS_REDIS_RESTART (1), CHAOS_PROVIDER_DOWN_SECONDS (Twilio refusing everything, 120), CHAOS_DRAIN_TIMEOUT_SECONDS (600),
/// CHAOS_QUIET_SECONDS (10), CHAOS_KILL (the services killed with SIGKILL, in order: EmailSender,PushSender,SmsSender,Router).
/// A 0 switches a fault off.
/// </summary>
public sealed record ChaosSettings
{
    public int Messages { get; init; } = 10_000;
    public int Rate { get; init; } = 150;
    public int Agents { get; init; } = 20;
    public int FaultPercent { get; init; } = 20;
    public int BrokerDownSeconds { get; init; } = 5;
    public int BrokerRestarts { get; init; } = 3;
    public int RedisPauseSeconds { get; init; } = 30;
    public bool RedisRestart { get; init; } = true;
    public int ProviderDownSeconds { get; init; } = 120;
    public int DrainTimeoutSeconds { get; init; } = 600;
    public int QuietSeconds { get; init; } = 10;
    public IReadOnlyList<string> Kill { get; init; } = ["EmailSender", "PushSender", "SmsSender", "Router"];

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
            BrokerRestarts = Int("CHAOS_BROKER_RESTARTS", defaults.BrokerRestarts, allowZero: true),
            RedisPauseSeconds = Int("CHAOS_REDIS_PAUSE_SECONDS", defaults.RedisPauseSeconds, allowZero: true),
            RedisRestart = Int("CHAOS_REDIS_RESTART", 1, allowZero: true) != 0,
            ProviderDownSeconds = Int("CHAOS_PROVIDER_DOWN_SECONDS", defaults.ProviderDownSeconds, allowZero: true),
            DrainTimeoutSeconds = Int("CHAOS_DRAIN_TIMEOUT_SECONDS", defaults.DrainTimeoutSeconds),
            QuietSeconds = Int("CHAOS_QUIET_SECONDS", defaults.QuietSeconds),
            Kill = kill is null
                ? defaults.Kill
                : kill.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
    }

    public override string ToString() =>
        $"{Messages} messages at {Rate}/s, {Agents} agents (and one more published just before every {ChaosDirectory.LateAgentEvery}th message), {FaultPercent} % provider faults, " +
        $"SIGKILL {(Kill.Count == 0 ? "none" : string.Join(", ", Kill))}, broker down {BrokerDownSeconds} s {BrokerRestarts} times, " +
        $"Redis paused {RedisPauseSeconds} s, Redis {(RedisRestart ? "restarted with its data" : "not restarted")}, Twilio down {ProviderDownSeconds} s";

    private static int Int(string name, int fallback, bool allowZero = false) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
        && (value > 0 || (allowZero && value == 0))
            ? value
            : fallback;
}
