using Notifications.SharedState.Presence;
using Notifications.SharedState.ProviderSettings;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notifications.EmailSender.Admin;
using Notifications.EmailSender.Digest;
using Notifications.EmailSender.Settings;
using Notifications.EmailSender.Templates;
using Notifications.EmailSender.Composition;
using Notifications.EmailSender.Options;
using Notifications.EmailSender.Transport;
using Notifications.SharedState.ChannelSwitches;

namespace Notifications.EmailSender;

/// <summary>The email sender's own services: options, run-time settings and templates, composer, transports and digest mode.</summary>
public static class EmailSenderRegistration
{
    public static IHostApplicationBuilder AddEmailSender(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();

        builder.Services.AddSingleton<EmailComposer>();
        // "Cancel if online" and the digest ask whether the recipient reads the chat now.
        builder.Services.AddSingleton<PresenceReader>();
        // The transport follows the settings in effect (configuration overridden at run time through the admin API).
        builder.Services.AddSingleton<EmailTransports>();
        builder.Services.AddSingleton<EmailSettingsStore>();
        // The SMS and push senders' run-time credentials, written by the console and admin API served here.
        builder.Services.TryAddSingleton<ProviderSettingsStore>();
        builder.Services.TryAddSingleton<ProviderReports>();
        // The admin API and the console switch channels for the router; the configured defaults are read here too, to report them.
        builder.AddChannelSwitches();
        builder.Services.AddSingleton<TemplateStore>();
        builder.Services.AddSingleton<DigestStore>();
        builder.Services.AddSingleton<DigestFlusher>();
        builder.Services.AddSingleton<SendTestEmail>();
        builder.Services.AddSingleton<AdminConsole.TestChannelSender>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<EmailTransportAnnouncement>();
        return builder;
    }
}
