using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>A browser-like client of one instance, seen through the proxy as coming from <c>clientAddress</c>.</summary>
public sealed partial class ConsoleClient : IDisposable
{
    public ConsoleClient(WebApplication instance, string clientAddress)
    {
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(instance.Urls.First()),
        };
        Http.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
    }

    public HttpClient Http { get; }

    public async Task<string> AntiforgeryTokenAsync() => AntiforgeryTokenOf(await Http.GetStringAsync("/console/sign-in"));

    /// <summary>The anti-forgery token of the first form on a page.</summary>
    public static string AntiforgeryTokenOf(string page) => Value().Match(CsrfField().Match(page).Value).Groups[1].Value;

    public Task<HttpResponseMessage> SignInAsync(string token, string secret) =>
        Http.PostAsync("/console/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__csrf"] = token,
            ["returnUrl"] = "",
            ["secret"] = secret,
        }));

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("<input[^>]*name=\"__csrf\"[^>]*>")]
    private static partial Regex CsrfField();

    [GeneratedRegex("value=\"([^\"]+)\"")]
    private static partial Regex Value();
}
