using Notifications.SharedState.ProviderSettings;
using Notifications.Admin.ProviderCredentials;
using Notifications.Contracts;
using static Notifications.Admin.AdminConsole.ConsoleHtml;

namespace Notifications.Admin.AdminConsole;

/// <summary>
/// <c>/console/test-channels</c>: a test SMS and a test push, sent through the real SMS and push senders
/// (<see cref="TestChannelSender"/>), with the provider's exact reason when they fail. Says so when a channel has
/// no provider credentials and only records to a folder.
/// </summary>
public static class TestChannelsPage
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/test-channels", async (HttpContext context, ProviderSettingsStore store, ProviderReports reports) =>
            Render(context, await ProvidersView.LoadAsync(store, reports), null, "", "", PushPlatforms.Android));
        console.MapPost("/test-channels", async (HttpContext context, ProviderSettingsStore store, ProviderReports reports, TestChannelSender sender) =>
        {
            var providers = await ProvidersView.LoadAsync(store, reports);
            var form = await context.Request.ReadFormAsync();
            var channel = form["channel"].ToString();
            var phone = form["phone"].ToString().Trim();
            var device = form["device"].ToString().Trim();
            var platform = form["platform"].ToString();
            if (channel == Channels.Sms && !PhoneNumbers.IsE164(phone))
                return Render(context, providers, new(Channels.Sms, "invalid", "The phone number must be in international form, like +15551234567."), phone, device, platform, StatusCodes.Status400BadRequest);
            if (channel == Channels.Push && (device.Length == 0 || platform is not (PushPlatforms.Android or PushPlatforms.Ios or PushPlatforms.Web)))
                return Render(context, providers, new(Channels.Push, "invalid", "Enter the device id (player id or Beams interest) and pick its platform."), phone, device, platform, StatusCodes.Status400BadRequest);

            var result = channel == Channels.Sms
                ? await sender.SendSmsAsync(phone, context.RequestAborted)
                : await sender.SendPushAsync(platform, device, context.RequestAborted);
            return Render(context, providers, new(channel, result.Outcome, result.Detail), phone, device, platform);
        });
    }

    private sealed record Shown(string Channel, string Outcome, string? Detail);

    private static IResult Render(HttpContext context, ProvidersView providers, Shown? result, string phone, string device, string platform,
        int status = StatusCodes.Status200OK)
    {
        // From the run-time credentials and the senders' own reports: this service does not see the senders' configuration.
        string Note(string channel)
        {
            var text = ProviderStatus.Describe(channel, providers.Stored, providers.Reports);
            return ProviderStatus.OnlyRecords(channel, providers.Stored, providers.Reports)
                ? $"<p class=\"note\" id=\"{channel}-provider\">Not configured: {E(text)}. The test is written there, not sent.</p>"
                : $"<p class=\"note\" id=\"{channel}-provider\">In effect: {E(text)}</p>";
        }
        string Option(string value) => $"<option value=\"{value}\"{(value == platform ? " selected" : "")}>{value}</option>";
        var outcome = result switch
        {
            null => "",
            { Outcome: "delivered" } => $"<div class=\"ok\" id=\"channel-result\" role=\"status\">Test {(result.Channel == Channels.Sms ? "SMS" : "push")}: <strong id=\"channel-outcome\">delivered</strong> via <span id=\"channel-detail\">{E(result.Detail)}</span>.</div>",
            _ => $"<div class=\"error\" id=\"channel-result\" role=\"alert\">Test {(result.Channel == Channels.Sms ? "SMS" : "push")}: <strong id=\"channel-outcome\">{E(result.Outcome)}</strong><br><span id=\"channel-detail\">{E(result.Detail)}</span></div>",
        };
        var body = $"""
            {outcome}
            <form class="card" method="post" action="/console/test-channels">
              {Antiforgery(context)}<input type="hidden" name="channel" value="sms">
              <h2>Test SMS</h2>{Note(Channels.Sms)}
              <label for="phone">Phone number</label>
              <input type="text" id="phone" name="phone" value="{E(phone)}" placeholder="+15551234567" inputmode="tel">
              <button type="submit" id="send-test-sms">Send test SMS</button>
            </form>
            <form class="card" method="post" action="/console/test-channels">
              {Antiforgery(context)}<input type="hidden" name="channel" value="push">
              <h2>Test push</h2>{Note(Channels.Push)}
              <label for="device">Device id</label>
              <input type="text" id="device" name="device" value="{E(device)}">
              <label for="platform">Platform</label>
              <select id="platform" name="platform">{Option(PushPlatforms.Android)}{Option(PushPlatforms.Ios)}{Option(PushPlatforms.Web)}</select>
              <button type="submit" id="send-test-push">Send test push</button>
            </form>
            <p><small>Sent as a command to the SMS or push sender's queue, as the router does; the outcome is read back from the delivery log (conversation <code>{TestChannelSender.Conversation}</code>), waiting at most 15 s.</small></p>
            """;
        return Page(context, "Test SMS and push", body, "test-channels", status);
    }
}
