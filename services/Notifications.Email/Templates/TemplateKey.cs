using System.Text.RegularExpressions;
using Notifications.Contracts;

namespace Notifications.Email.Templates;

/// <summary>
/// Which template: audience (<c>agent</c> or <c>user</c>), kind (<c>message</c>, <c>grouped</c> or <c>digest</c>) and locale
/// (a BCP 47 tag such as <c>fr</c> or <c>pt-br</c>, lower case; null for the default template).
/// </summary>
public sealed partial record TemplateKey(string Audience, TemplateKind Kind, string? Locale)
{
    public const string Agent = ParticipantRoles.Agent;
    public const string User = ParticipantRoles.User;

    public static readonly IReadOnlyList<string> Audiences = [Agent, User];

    /// <summary>The name used in messages and in the store: <c>agent/digest/fr</c>, <c>user/message</c>.</summary>
    public string Name => Locale is null ? $"{Audience}/{KindName(Kind)}" : $"{Audience}/{KindName(Kind)}/{Locale}";

    public static string KindName(TemplateKind kind) => kind switch
    {
        TemplateKind.Digest => "digest",
        TemplateKind.Grouped => "grouped",
        _ => "message",
    };

    /// <summary>Parses the three parts as they appear in the admin API's path; the error names the part at fault.</summary>
    public static bool TryParse(string? audience, string? kind, string? locale, out TemplateKey key, out string? error)
    {
        key = null!;
        error = null;
        var normalizedAudience = audience?.Trim().ToLowerInvariant();
        if (normalizedAudience is not (Agent or User))
        {
            error = $"audience must be \"agent\" or \"user\", not \"{audience}\".";
            return false;
        }
        TemplateKind parsedKind;
        switch (kind?.Trim().ToLowerInvariant())
        {
            case "message": parsedKind = TemplateKind.Message; break;
            case "digest": parsedKind = TemplateKind.Digest; break;
            case "grouped": parsedKind = TemplateKind.Grouped; break;
            default:
                error = $"kind must be \"message\", \"grouped\" or \"digest\", not \"{kind}\".";
                return false;
        }
        string? normalizedLocale = null;
        if (!string.IsNullOrWhiteSpace(locale) && !string.Equals(locale.Trim(), "default", StringComparison.OrdinalIgnoreCase))
        {
            normalizedLocale = NormalizeLocale(locale);
            if (normalizedLocale is null)
            {
                error = $"locale must be a language tag such as \"fr\" or \"pt-BR\", not \"{locale}\".";
                return false;
            }
        }
        key = new TemplateKey(normalizedAudience, parsedKind, normalizedLocale);
        return true;
    }

    /// <summary>Lower case with '-' separators (<c>pt_BR</c> becomes <c>pt-br</c>); null when it is no language tag.</summary>
    public static string? NormalizeLocale(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
            return null;
        var normalized = locale.Trim().Replace('_', '-').ToLowerInvariant();
        return LocaleTag().IsMatch(normalized) ? normalized : null;
    }

    /// <summary>
    /// The keys to try for a recipient, most specific first: <c>pt-br</c>, then <c>pt</c>, then the default
    /// (locale-less) template. The built-in template comes after all of them.
    /// </summary>
    public static IReadOnlyList<TemplateKey> FallbackChain(string audience, TemplateKind kind, string? recipientLocale)
    {
        var chain = new List<TemplateKey>();
        var locale = NormalizeLocale(recipientLocale);
        while (locale is not null)
        {
            chain.Add(new TemplateKey(audience, kind, locale));
            var dash = locale.LastIndexOf('-');
            locale = dash > 0 ? locale[..dash] : null;
        }
        chain.Add(new TemplateKey(audience, kind, null));
        return chain;
    }

    [GeneratedRegex(@"^[a-z]{2,3}(-[a-z0-9]{2,8}){0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex LocaleTag();
}
