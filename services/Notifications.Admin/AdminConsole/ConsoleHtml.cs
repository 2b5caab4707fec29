using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;
using Notifications.Admin.AdminConsole.Layout;

namespace Notifications.Admin.AdminConsole;

/// <summary>
/// The page frame of the console pages not yet rendered by Razor components: the inline style sheet and script of
/// <see cref="ConsoleAssets"/> (the script under a per-response CSP nonce), no external CDN or font, readable at
/// phone width. Every value written into a page goes through <see cref="E"/>.
/// </summary>
public static class ConsoleHtml
{
    public static string E(string? value) => WebUtility.HtmlEncode(value ?? "");

    /// <summary>The hidden anti-forgery field every form that changes something carries.</summary>
    public static string Antiforgery(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    /// <summary>A whole page; <paramref name="current"/> is the nav entry to mark, null on the sign-in page (no nav).</summary>
    public static IResult Page(HttpContext context, string title, string body, string? current, int status = StatusCodes.Status200OK)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; connect-src 'self'; img-src 'self' data:; " +
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; frame-src 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";

        var nav = current is null ? "" : $"""
            <a href="/console/settings"{Current(current, "settings")}>Settings</a>
            <a href="/console/templates"{Current(current, "templates")}>Templates</a>
            <a href="/console/test-email"{Current(current, "test-email")}>Test email</a>
            <a href="/console/test-channels"{Current(current, "test-channels")}>Test SMS/push</a>
            <a href="/console/log"{Current(current, "log")}>Delivery log</a>
            <form method="post" action="/console/sign-out">{Antiforgery(context)}<button type="submit" id="sign-out">Sign out</button></form>
            """;
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)} · Notifications console</title><style>{ConsoleAssets.Style}</style></head>
            <body><header><strong>Notifications console</strong>{nav}</header>
            <main><h1>{E(title)}</h1>
            {body}
            </main><script nonce="{nonce}">{ConsoleAssets.Script}</script></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static string Current(string current, string entry) => current == entry ? " aria-current=\"page\"" : "";

    /// <summary>The error beside a field, when that field is the one at fault.</summary>
    public static string FieldError(string field, string? errorField, string? error) =>
        errorField == field && error is not null ? $"<span class=\"field-error\" id=\"error-{E(field)}\" role=\"alert\">{E(error)}</span>" : "";
}
