using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Notifications.Email.Composition;
using Notifications.Email.Digest;
using Notifications.Email.Settings;
using Notifications.Email.Templates;
using Notifications.Email.Transport;
using Notifications.SharedState.Bounces;
using Notifications.SharedState.Presence;
using Notifications.SharedState.Replies;
using Notifications.Signing;
using Notifications.SharedState.Seen;

namespace Notifications.Email;

public static class EmailRegistration
{
    /// <summary>
    /// Email as the email sender sends it and the admin service previews, tests and flushes it: options, run-time
    /// settings and templates, the composer, the transports in effect and digest mode.
    /// </summary>
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();

        builder.Services.AddSingleton<EmailComposer>();
        // The transport follows the settings in effect (configuration overridden at run time through the admin API).
        builder.Services.AddSingleton<EmailTransports>();
        builder.Services.AddSingleton<EmailSettingsStore>();
        builder.Services.AddSingleton<TemplateStore>();
        // "Cancel if online" and the digest ask whether the recipient reads the chat now.
        builder.Services.TryAddSingleton<PresenceReader>();
        builder.Services.AddPresenceOptions();
        // The digest leaves out what the recipient read (ConversationSeen, stored by the router).
        builder.Services.TryAddSingleton<ConversationSeenStore>();
        builder.Services.AddSingleton<DigestStore>();
        builder.Services.AddSingleton<DigestFlusher>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        // The VERP bounce address of each email (Email:ReplyDomain) and the record that maps it back.
        builder.Services.AddOptions<ReplyDomainOptions>().BindConfiguration(ReplyDomainOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<BounceRecordStore>();
        builder.Services.TryAddSingleton<BounceEnvelope>();
        // The Reply-To of each email (a reply address per recipient and conversation) and the record behind it.
        builder.Services.TryAddSingleton<ReplyRecordStore>();
        builder.Services.TryAddSingleton<ReplyAddress>();
        return builder;
    }
}
