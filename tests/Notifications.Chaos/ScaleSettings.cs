using System.Globalization;

namespace Notifications.Chaos;

/// <summary>
/// The knobs of <c>make scale</c>, from environment variables: SCALE_RATE (chat messages published per second, 25),
/// SCALE_SECONDS (how long they are published, 120), SCALE_AGENTS (20), SCALE_TWILIO_MAX_PER_SECOND (the shared
/// <c>Sms:Twilio:MaxPerSecond</c> both SMS senders are given, 20), SCALE_RESTART (1: a killed instance is started again
/// 2 s later; 0, the default: it stays down and its twin carries the rest), SCALE_DRAIN_TIMEOUT_SECONDS (600),
/// SCALE_QUIET_SECONDS (10).
/// </summary>
public sealed record ScaleSettings
{
    public int Rate { get; init; } = 25;
    public int Seconds { get; init; } = 120;
    public int Agents { get; init; } = 20;
    public int TwilioMaxPerSecond { get; init; } = 20;
    public bool Restart { get; init; }
    public int DrainTimeoutSeconds { get; init; } = 600;
    public int QuietSeconds { get; init; } = 10;

    public int Messages => Rate * Seconds;

    public static ScaleSettings FromEnvironment()
    {
        var defaults = new ScaleSettings();
        return new ScaleSettings
        {
            Rate = Int("SCALE_RATE", defaults.Rate),
            Seconds = Int("SCALE_SECONDS", defaults.Seconds),
            Agents = Int("SCALE_AGENTS", defaults.Agents),
            TwilioMaxPerSecond = Int("SCALE_TWILIO_MAX_PER_SECOND", defaults.TwilioMaxPerSecond),
            Restart = Int("SCALE_RESTART", 0, allowZero: true) != 0,
            DrainTimeoutSeconds = Int("SCALE_DRAIN_TIMEOUT_SECONDS", defaults.DrainTimeoutSeconds),
            QuietSeconds = Int("SCALE_QUIET_SECONDS", defaults.QuietSeconds),
        };
    }

    public override string ToString() =>
        $"{Messages} messages at {Rate}/s for {Seconds} s, {Agents} agents, Sms:Twilio:MaxPerSecond {TwilioMaxPerSecond}, " +
        $"killed instances {(Restart ? "started again 2 s later" : "not restarted")}";

    private static int Int(string name, int fallback, bool allowZero = false) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
        && (value > 0 || (allowZero && value == 0))
            ? value
            : fallback;
}
