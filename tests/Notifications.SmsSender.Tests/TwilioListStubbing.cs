using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace Notifications.SmsSender.Tests;

/// <summary>Twilio's message list as the stub answers it: its JSON shape, and the filters a request asked for.</summary>
internal static class TwilioListStubbing
{
    public static string Message(string sid, string to, string body, DateTimeOffset created, string status = "sent") => $$"""
        {"sid":"{{sid}}","to":"{{to}}","from":"+14155550100","body":"{{body}}","date_created":"{{Rfc2822(created)}}","status":"{{status}}","direction":"outbound-api"}
        """;

    public static string Rfc2822(DateTimeOffset moment) =>
        moment.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture) + " +0000";

    public static string Page(string? nextPageUri, params string[] messages) =>
        $$"""{"messages":[{{string.Join(",", messages)}}],"next_page_uri":{{(nextPageUri is null ? "null" : "\"" + nextPageUri + "\"")}},"page":0,"page_size":100}""";

    public static string QueryValue(RecordedRequest request, string name) => QueryHelpers.ParseQuery(request.Query)[name].ToString();
}
