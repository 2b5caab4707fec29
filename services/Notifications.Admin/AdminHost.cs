using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifications.Admin.AdminApi;
using Notifications.Admin.AdminConsole;
using Notifications.Admin.Security;
using Notifications.Delivery;
using Notifications.Email;
using Notifications.ServiceDefaults;
using Notifications.ServiceDefaults.Messaging;
using Notifications.SharedState.ChannelSwitches;
using Notifications.SharedState.Erasure;
using Notifications.SharedState.OptOuts;
using Notifications.SharedState.ProviderSettings;
using Notifications.SharedState.StoredDocuments;
using Notifications.SharedState.Webhooks;
using Notifications.Admin.Webhooks;

namespace Notifications.Admin;

/// <summary>
/// Composes the control plane: the admin API (<c>/admin/...</c>) and the console (<c>/console</c>) that manage email
/// settings and templates, channel switches and provider credentials, send test notifications, flush digests and
/// show the delivery log. It consumes nothing: test SMS and push are sent to the senders' queues, and the digest
/// flush and test email run the email library's own code. Program.cs and the integration tests build it here.
/// </summary>
public static class AdminHost
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        // The digest flush ends notifications (ledger, outcomes, delivery log) as the email sender does.
        builder.AddNotificationDelivery();
        builder.AddEmail();
        // The SMS and push senders' run-time credentials, written here and read by those senders.
        builder.Services.TryAddSingleton<ProviderSettingsStore>();
        builder.Services.TryAddSingleton<ProviderReports>();
        // Channels are switched here for the router; the configured defaults are read too, to report them.
        builder.AddChannelSwitches();
        builder.Services.AddSingleton<SendTestEmail>();
        builder.Services.AddParticipantErasure();
        // Read only: a participant's preferences and opt-outs, shown beside their delivery log (the router writes them).
        builder.Services.AddOptOuts();
        builder.Services.AddSingleton<TestChannelSender>();
        // The webhook sender's dead letters, listed and replayed here.
        builder.Services.AddSingleton<WebhookDeadLetterStore>();
        builder.Services.AddSingleton<WebhookReplay>();
        builder.AddAdminConsole();
        builder.AddAdminSecurity();
        builder.AddNotificationsBus(_ => { });
        var app = builder.Build();
        app.UseAdminSecurity();
        app.Use(StoredDocumentUnreadableAnswer);
        app.MapDefaultEndpoints();
        app.MapAdminApi();
        app.MapAdminConsole();
        return app;
    }

    /// <summary>
    /// A page or endpoint that needs a stored document that cannot be read answers 503 with the reason (which names the
    /// document and its Redis key, never a value) rather than a bare 500: the operator restores the key or deletes the
    /// document and enters the settings again (docs/operations.md).
    /// </summary>
    private static async Task StoredDocumentUnreadableAnswer(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (StoredDocumentUnreadableException unreadable) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsJsonAsync(new { error = unreadable.Message });
        }
    }
}
