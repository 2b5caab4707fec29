using System.Net;
using Notifications.Contracts;

namespace Notifications.Gateway.Unsubscribe;

/// <summary>
/// The small HTML pages of the unsubscribe links. Nothing from the request is shown but the path the form posts back to
/// (HTML-encoded), so a crafted link cannot put markup on the page.
/// </summary>
internal static class UnsubscribePages
{
    public static IResult Confirm(string postPath) => Page(StatusCodes.Status200OK, "Unsubscribe",
        $"""
        <p>Stop receiving notifications of new chat messages by email?</p>
        <form method="post" action="{WebUtility.HtmlEncode(postPath)}">
          <input type="hidden" name="List-Unsubscribe" value="One-Click">
          <button type="submit">Unsubscribe</button>
        </form>
        """);

    public static IResult Done(string channel) => Page(StatusCodes.Status200OK, "Unsubscribed",
        $"<p>You will no longer receive {(channel == Channels.Email ? "email" : WebUtility.HtmlEncode(channel))} notifications of new chat messages. " +
        "You can turn them on again in your settings on the chat.</p>");

    public static IResult Refused(int status, string problem) => Page(status, "This unsubscribe link cannot be used",
        $"<p>{WebUtility.HtmlEncode(problem)}</p><p>Use the link of the latest email you received, or change your notification settings on the chat.</p>");

    public static IResult NotConfigured() => Page(StatusCodes.Status404NotFound, "Unsubscribe links are not set up",
        "<p>This service does not serve unsubscribe links. Change your notification settings on the chat.</p>");

    public static IResult Unavailable() => Page(StatusCodes.Status503ServiceUnavailable, "Please try again",
        "<p>Your request could not be recorded just now; nothing was changed. Please try again in a minute.</p>");

    private static IResult Page(int status, string title, string body) => Results.Content(
        $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex"><title>{title}</title></head>
        <body style="font-family: sans-serif; max-width: 32rem; margin: 3rem auto;"><h1>{title}</h1>
        {body}
        </body></html>
        """, "text/html; charset=utf-8", statusCode: status);
}
