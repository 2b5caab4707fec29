using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Notifications.Admin;
using Notifications.EmailSender;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.PushSender;
using Notifications.Router;
using Notifications.SmsSender;
using StackExchange.Redis;

namespace Notifications.IntegrationTests.AdminConsole;

/// <summary>
/// The real email sender (serving the console) and router on a fresh vhost and key prefix, an in-process SMTP
/// server, and Debian's headless Chromium driven by Playwright. A missing or broken Chromium fails the tests
/// with what to do: they are never skipped.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string ApiKey = "console-test-key-0123456789abcdef";
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly IsolatedInfrastructure infrastructure = new();
    private IPlaywright? playwright;

    public RabbitMqVirtualHost VirtualHost => infrastructure.VirtualHost;
    public SmtpSink Smtp { get; } = new();
    public IConnectionMultiplexer Redis => infrastructure.Redis;
    public string KeyPrefix => infrastructure.KeyPrefix;
    public IBus Platform => infrastructure.Platform;
    public WebApplication Router { get; private set; } = null!;
    public WebApplication Sender { get; private set; } = null!;
    /// <summary>The admin service, which serves the console.</summary>
    public WebApplication Admin { get; private set; } = null!;
    public WebApplication SmsSender { get; private set; } = null!;
    public WebApplication PushSender { get; private set; } = null!;

    /// <summary>Stands in for Twilio and OneSignal behind the SMS and push senders.</summary>
    public HttpStub Providers { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl => Admin.Urls.First();

    /// <summary>Where each page's screenshot goes: <c>var/test-results/screenshots</c> in the repository.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "var", "test-results", "screenshots");

    public async Task InitializeAsync()
    {
        // The browser first: without it nothing else here is worth starting.
        Browser = await LaunchChromiumAsync();

        await infrastructure.StartAsync();
        Providers = await HttpStub.StartAsync();
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration())
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = Smtp.Port.ToString(),
            ["Email:Smtp:Security"] = "None",
            ["Email:Smtp:TimeoutSeconds"] = "10",
            ["Email:From"] = "notifications@helpdesk.test",
            ["Email:FromName"] = "Help desk",
            ["Email:AdminBaseUrl"] = "https://admin.helpdesk.test",
            ["Admin:ApiKey"] = ApiKey,
            // Every test signs in afresh, many times a minute from one address: more than a person would.
            ["Admin:RateLimit:SignInPerMinute"] = "1000",
            ["Sms:Twilio:AccountSid"] = "AC00000000000000000000000000000001",
            ["Sms:Twilio:AuthToken"] = "test-auth-token-not-secret",
            ["Sms:Twilio:From"] = "+15550000000",
            ["Sms:Twilio:BaseUrl"] = Providers.BaseUrl.ToString().TrimEnd('/'),
            ["Sms:RateLimit:PerRecipientPerHour"] = "1000",
            ["Push:Provider"] = "OneSignal",
            ["Push:OneSignal:AppId"] = "00000000-0000-0000-0000-0000000000aa",
            ["Push:OneSignal:ApiKey"] = "test-onesignal-key",
            ["Push:OneSignal:BaseUrl"] = Providers.BaseUrl.ToString().TrimEnd('/'),
            // No Beams credentials are configured; a set entered in the console reaches the stub here.
            ["Push:PusherBeams:BaseUrl"] = Providers.BaseUrl.ToString().TrimEnd('/'),
        };
        Router = await ServiceHost.StartAsync("Notifications.Router", RouterHost.Build, configuration);
        Sender = await ServiceHost.StartAsync("Notifications.EmailSender", EmailSenderHost.Build, configuration);
        Admin = await ServiceHost.StartAsync("Notifications.Admin", AdminHost.Build, configuration);
        SmsSender = await ServiceHost.StartAsync("Notifications.SmsSender", SmsSenderHost.Build, configuration);
        PushSender = await ServiceHost.StartAsync("Notifications.PushSender", PushSenderHost.Build, configuration);

        await infrastructure.StartPlatformBusAsync();
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    private async Task<IBrowser> LaunchChromiumAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"The console's browser tests need Debian's Chromium at {ChromiumPath}, which is missing. Install it with " +
                "`deploy/local/browser.sh` (`make test` runs it), or `apt-get install -y chromium`.");
        try
        {
            playwright = await Playwright.CreateAsync();
            return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
            });
        }
        catch (PlaywrightException failure)
        {
            throw new InvalidOperationException($"Chromium at {ChromiumPath} could not be started by Playwright: {failure.Message}", failure);
        }
    }

    /// <summary>A fresh browser session (no cookies), at desktop width unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(int width = 1100, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        return await context.NewPageAsync();
    }

    /// <summary>A session signed in with the admin API key, on the settings page.</summary>
    /// <summary>The Redis key of the run-time provider settings the console writes.</summary>
    public string ProviderSettingsKey => KeyPrefix + "providers:settings";

    /// <summary>Removes every run-time provider setting and tells every sender at once, as the console does, so the
    /// other console tests see the configured providers whatever a test left behind.</summary>
    public async Task ResetProviderSettingsAsync()
    {
        await Redis.GetDatabase().KeyDeleteAsync(ProviderSettingsKey);
        await Redis.GetSubscriber().PublishAsync(RedisChannel.Literal(KeyPrefix + "providers:changed"), "changed");
    }

    public async Task<IPage> SignedInPageAsync(int width = 1100)
    {
        var page = await NewPageAsync(width);
        await page.GotoAsync("/console/sign-in");
        await page.FillAsync("#secret", ApiKey);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync("**/console/settings");
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Notifications.sln")))
                return directory.FullName;
        }
        return AppContext.BaseDirectory;
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Browser is not null)
                await Browser.DisposeAsync();
            playwright?.Dispose();
        }
        finally
        {
            await infrastructure.DisposeAsync([Admin, PushSender, SmsSender, Sender, Router], Smtp, Providers);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "admin-console";
}
