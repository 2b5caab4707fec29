using Microsoft.Extensions.Options;
using Notifications.Router.Routing;

namespace Notifications.Router.Fallback;

/// <summary>
/// Reads <c>Sms:Mode</c> and <c>Push:Mode</c> from each channel's own section (where an operator looks for a channel's
/// settings) into <see cref="RoutingOptions"/>, which the channel table reads, and refuses at start a value that is
/// neither <c>Always</c> nor <c>Fallback</c>.
/// </summary>
public sealed class ChannelModeSetup(IConfiguration configuration) : IConfigureOptions<RoutingOptions>, IValidateOptions<RoutingOptions>
{
    public const string SmsKey = "Sms:Mode";
    public const string PushKey = "Push:Mode";

    public void Configure(RoutingOptions options)
    {
        options.SmsMode = Read(SmsKey) ?? ChannelMode.Always;
        options.PushMode = Read(PushKey) ?? ChannelMode.Always;
    }

    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var problems = new[] { SmsKey, PushKey }
            .Where(key => !string.IsNullOrWhiteSpace(configuration[key]) && Read(key) is null)
            .Select(key => $"{key} must be Always or Fallback, not '{configuration[key]}'.")
            .ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Null when unset or unreadable; <see cref="Validate"/> names an unreadable one, so the router does not start with it.</summary>
    private ChannelMode? Read(string key) =>
        configuration[key]?.Trim() is { Length: > 0 } raw && !int.TryParse(raw, out _) && Enum.TryParse<ChannelMode>(raw, ignoreCase: true, out var mode)
            ? mode : null;
}
