using Notifications.Admin.Audit;
using Microsoft.AspNetCore.Http.HttpResults;
using Notifications.Admin.AdminConsole.Pages;
using Notifications.Contracts;
using Notifications.SharedState.ProviderSettings;

namespace Notifications.Admin.AdminConsole.Actions;

/// <summary>What became of a test SMS or push (<c>invalid</c> when the form was not complete), shown beside what was typed.</summary>
public sealed record TestChannelShown(string Channel, string Outcome, string? Detail, string Phone, string Device, string Platform);

/// <summary>
/// <c>POST /console/test-channels</c>: a test SMS or push, sent through the real SMS and push senders
/// (<see cref="TestChannelSender"/>), with the provider's exact reason when it fails.
/// </summary>
public static class TestChannelsActions
{
    public static void Map(RouteGroupBuilder console) => console.MapPost("/test-channels", async (HttpContext context, TestChannelSender sender) =>
    {
        var form = await context.Request.ReadFormAsync();
        var channel = form["channel"].ToString();
        var phone = form["phone"].ToString().Trim();
        var device = form["device"].ToString().Trim();
        var platform = form["platform"].ToString();
        if (channel == Channels.Sms && !PhoneNumbers.IsE164(phone))
            return Show(new(Channels.Sms, "invalid", "The phone number must be in international form, like +15551234567.", phone, device, platform),
                StatusCodes.Status400BadRequest);
        if (channel == Channels.Push && (device.Length == 0 || platform is not (PushPlatforms.Android or PushPlatforms.Ios or PushPlatforms.Web)))
            return Show(new(Channels.Push, "invalid", "Enter the device id (player id or Beams interest) and pick its platform.", phone, device, platform),
                StatusCodes.Status400BadRequest);

        var result = channel == Channels.Sms
            ? await sender.SendSmsAsync(phone, context.RequestAborted)
            : await sender.SendPushAsync(platform, device, context.RequestAborted);
        await context.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(AuditTrail.ThroughConsole, "test " + channel,
            channel == Channels.Sms ? TestSends.DescribePhone(phone, result.Outcome) : $"to a {platform} device: {result.Outcome}");
        return Show(new(channel, result.Outcome, result.Detail, phone, device, platform), StatusCodes.Status200OK);
    });

    private static RazorComponentResult<TestChannelsPage> Show(TestChannelShown shown, int status) =>
        new(new Dictionary<string, object?> { [nameof(TestChannelsPage.Shown)] = shown }) { StatusCode = status };
}
