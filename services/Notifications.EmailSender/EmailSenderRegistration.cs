using Microsoft.Extensions.Options;
using Notifications.EmailSender.Composition;
using Notifications.EmailSender.Options;
using Notifications.EmailSender.Transport;

namespace Notifications.EmailSender;

/// <summary>The email sender's own services: options, composer and the transport the configuration asks for.</summary>
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
        builder.Services.AddSingleton<SmtpEmailTransport>();
        builder.Services.AddSingleton<PickupDirectoryEmailTransport>();
        // Decided when first needed, after options validation ran at start-up.
        builder.Services.AddSingleton<IEmailTransport>(services =>
            services.GetRequiredService<IOptions<EmailOptions>>().Value.UsesSmtp
                ? services.GetRequiredService<SmtpEmailTransport>()
                : services.GetRequiredService<PickupDirectoryEmailTransport>());
        builder.Services.AddHostedService<EmailTransportAnnouncement>();
        return builder;
    }
}
