using Notifications.Signing;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.Http.HttpResults;
using Notifications.Admin.AdminApi;
using Notifications.Admin.AdminConsole.Actions;
using Notifications.Admin.AdminConsole.Pages;
using Notifications.ServiceDefaults.Redis;
using Notifications.SharedState.StoredDocuments;
using StackExchange.Redis;

namespace Notifications.Admin.AdminConsole;

/// <summary>
/// The admin console under <c>/console</c>, served by the admin service beside the admin API, with the email
/// library's settings store and template renderer. Its pages are Razor components rendered on the server (no
/// interactivity, no script of the framework), so every value is HTML-encoded; they answer GET, and each form posts
/// to an action endpoint (<c>Actions/</c>) that redirects or answers with the page again. Signed in with
/// <c>Admin:ConsolePassword</c> when set, else <c>Admin:ApiKey</c>; a session cookie (HttpOnly, SameSite=Strict,
/// Secure over HTTPS) that stops working when that secret changes; ASP.NET Core anti-forgery on every form that
/// changes something.
/// </summary>
public static class ConsoleRegistration
{
    public const string Scheme = "console";
    public const string PasswordKey = "Admin:ConsolePassword";
    private const string SecretClaim = "console-secret";

    public static IHostApplicationBuilder AddAdminConsole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();
        builder.Services.AddAuthentication().AddCookie(Scheme, options =>
        {
            options.Cookie.Name = "notifications-console";
            options.Cookie.Path = "/console";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = "/console/sign-in";
            options.AccessDeniedPath = "/console/sign-in";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.Events.OnValidatePrincipal = async context =>
            {
                // A session ends when the key or password it was opened with is changed or removed.
                var secret = Secret(context.HttpContext.RequestServices.GetRequiredService<IConfiguration>());
                if (secret is null || context.Principal?.FindFirst(SecretClaim)?.Value != Fingerprint(secret))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(Scheme);
                }
            };
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy(Scheme, policy =>
            policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "notifications-console-csrf";
            options.Cookie.Path = "/console";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = "__csrf";
        });

        // Cookies and anti-forgery tokens must be readable by every instance: the key ring lives in Redis. The
        // application name is the one of the email sender, which served the console before, so sessions opened
        // there stay valid across the upgrade.
        // Microsoft's Redis store keeps the list layout of the hand-written repository it replaces, so existing keys
        // are still found. With Secrets:EncryptionKey set, new keys are encrypted at rest with it.
        builder.Services.AddDataProtection().SetApplicationName("notifications-email-sender");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer, RedisKeys, StoredDocumentCipher>((options, redis, keys, cipher) =>
        {
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), keys.Key("console:data-protection-keys"));
            if (cipher.Encrypts)
                options.XmlEncryptor = new StoredKeyXmlEncryptor(cipher);
        });
        return builder;
    }

    public static WebApplication MapAdminConsole(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        // Razor component endpoints carry anti-forgery metadata and refuse to run without this middleware. The pages
        // answer GET only, so it validates nothing here: each action checks its form's token in the filter below.
        app.UseAntiforgery();

        var open = app.MapGroup("/console");
        SignInActions.Map(open);

        var console = app.MapGroup("/console").RequireAuthorization(Scheme);
        console.AddEndpointFilter(async (context, next) =>
        {
            // Every action that changes something checks the anti-forgery token before anything else.
            if (HttpMethods.IsPost(context.HttpContext.Request.Method) && !await IsValidPostAsync(context.HttpContext))
                return new RazorComponentResult<RequestRefusedPage> { StatusCode = StatusCodes.Status400BadRequest };
            return await next(context);
        });
        console.MapGet("", () => Results.Redirect("/console/settings"));
        console.MapPost("/sign-out", async (HttpContext context) =>
        {
            await context.SignOutAsync(Scheme);
            return Results.Redirect("/console/sign-in");
        });
        SettingsActions.Map(console);
        TemplatesActions.Map(console);
        TestEmailActions.Map(console);
        TestChannelsActions.Map(console);
        ParticipantsActions.Map(console);
        WebhooksActions.Map(console);

        // Every page needs the session but the sign-in page ([AllowAnonymous]).
        app.MapRazorComponents<ConsoleApp>().RequireAuthorization(Scheme).Add(endpoint =>
        {
            // A component endpoint takes GET and POST (for Blazor's own form handling, not used here); a page only
            // renders, so it takes GET alone and never competes with the action posted to the same path.
            foreach (var methods in endpoint.Metadata.OfType<IHttpMethodMetadata>().ToList())
                endpoint.Metadata.Remove(methods);
            endpoint.Metadata.Add(new HttpMethodMetadata([HttpMethods.Get]));
        });
        return app;
    }

    public static async Task<bool> IsValidPostAsync(HttpContext context)
    {
        try
        {
            await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
            return true;
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }

    /// <summary>Whether sign-in takes <c>Admin:ConsolePassword</c> rather than the admin API key.</summary>
    public static bool SignsInWithPassword(IConfiguration configuration) => configuration[PasswordKey] is { Length: > 0 };

    /// <summary>What signs in: <c>Admin:ConsolePassword</c> when set, else <c>Admin:ApiKey</c>; null when neither is.</summary>
    public static string? Secret(IConfiguration configuration) =>
        configuration[PasswordKey] is { Length: > 0 } password ? password
        : configuration[AdminApiKeyFilter.ConfigurationKey] is { Length: > 0 } key ? key
        : null;

    public static bool Matches(string given, string expected) => SecretComparison.Matches(given, expected);

    public static ClaimsPrincipal Principal(string secret) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(SecretClaim, Fingerprint(secret))], Scheme));

    /// <summary>Identifies the secret without revealing it (the cookie is encrypted as well).</summary>
    private static string Fingerprint(string secret) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("notifications-console:" + secret)))[..22];
}
