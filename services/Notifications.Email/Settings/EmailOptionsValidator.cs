using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Notifications.Email.Composition;

namespace Notifications.Email.Settings;

/// <summary>
/// The checks data annotations cannot express (rules across keys, nested sections, URLs). Each message names
/// the configuration key so an operator knows what to fix; no message ever carries the password.
/// </summary>
public sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var failures = new List<string>();

        // ValidateDataAnnotations does not descend into nested objects: validate the SMTP section here.
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options.Smtp, new ValidationContext(options.Smtp), results, validateAllProperties: true))
            failures.AddRange(results.Select(result => result.ErrorMessage ?? "Email:Smtp is invalid."));

        if (string.IsNullOrWhiteSpace(options.Smtp.Security) || !SmtpOptions.SecurityModes.ContainsKey(options.Smtp.Security.Trim()))
            failures.Add($"Email:Smtp:Security has the unknown value '{options.Smtp.Security}'; use one of: {string.Join(", ", SmtpOptions.SecurityModes.Keys)}.");

        if (options.UsesSmtp && string.IsNullOrWhiteSpace(options.From))
            failures.Add("Email:From is required when Email:Smtp:Host is set.");
        else if (!IsMailbox(options.EffectiveFrom))
            failures.Add("Email:From is not a valid email address.");

        if (options.FromName is { } fromName && fromName.Any(char.IsControl))
            failures.Add("Email:FromName must not contain control characters (line breaks).");

        if (!string.IsNullOrWhiteSpace(options.AdminBaseUrl)
            && !(Uri.TryCreate(options.AdminBaseUrl, UriKind.Absolute, out var admin) && (admin.Scheme == Uri.UriSchemeHttp || admin.Scheme == Uri.UriSchemeHttps)))
            failures.Add($"Email:AdminBaseUrl must be an absolute http or https URL (was '{options.AdminBaseUrl}').");

        if (DkimSigning.Problem(options.Dkim) is { } dkim)
            failures.Add(dkim);

        var unsubscribe = options.Unsubscribe;
        failures.AddRange(unsubscribe.Validate(new ValidationContext(unsubscribe)).Select(result => result.ErrorMessage ?? "Email:PublicBaseUrl is invalid."));

        results.Clear();
        if (!Validator.TryValidateObject(options.Digest, new ValidationContext(options.Digest), results, validateAllProperties: true))
            failures.AddRange(results.Select(result => result.ErrorMessage ?? "Email:Digest is invalid."));
        if (DigestSchedule.Parse(options.Digest.Schedule) is null)
            failures.Add($"Email:Digest:Schedule is not a cron expression (was '{options.Digest.Schedule}'); use five fields, for example '{DigestOptions.DefaultSchedule}' for hourly.");

        if (!options.UsesSmtp && string.IsNullOrWhiteSpace(options.PickupDirectory))
            failures.Add("Email:PickupDirectory must be set when Email:Smtp:Host is not.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsMailbox(string address) => EmailAddress.IsValid(address);
}
