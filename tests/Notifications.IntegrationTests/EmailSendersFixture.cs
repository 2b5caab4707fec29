using Notifications.Admin;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Notifications.Contracts;
using Notifications.EmailSender;
using Notifications.Admin.AdminApi;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Router;
using StackExchange.Redis;

namespace Notifications.IntegrationTests;

/// <summary>
/// The router and two instances of the email sender (as when scaled out) on a fresh vhost and key prefix,
/// with an in-process SMTP server and the admin API open with <see cref="ApiKey"/>. Digest mode is on, with a
/// schedule that never fires during a test run, so only the tests flush.
/// </summary>
public sealed class EmailSendersFixture : IAsyncLifetime
{
    public const string ApiKey = "test-admin-key-0123456789";
    public const string Agent = "agent-dora";
    public const string OtherAgent = "agent-olive";
    public const string User = "user-dan";

    private readonly IsolatedInfrastructure infrastructure = new();

    public RabbitMqVirtualHost VirtualHost => infrastructure.VirtualHost;
    public SmtpSink Smtp { get; } = new();
    public IConnectionMultiplexer Redis => infrastructure.Redis;
    public string KeyPrefix => infrastructure.KeyPrefix;
    public IBus Platform => infrastructure.Platform;
    public NotificationOutcomes Outcomes { get; } = new();
    public WebApplication Router { get; private set; } = null!;
    public WebApplication SenderA { get; private set; } = null!;
    public WebApplication SenderB { get; private set; } = null!;
    /// <summary>Two instances of the admin service, to show that what one stores the other (and every sender) reads.</summary>
    public WebApplication AdminA { get; private set; } = null!;
    public WebApplication AdminB { get; private set; } = null!;
    public Dictionary<string, string?> Configuration { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await infrastructure.StartAsync();
        Configuration = new Dictionary<string, string?>(infrastructure.Configuration(defaultLogLevel: null))
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = Smtp.Port.ToString(),
            ["Email:Smtp:Security"] = "None",
            ["Email:From"] = "notifications@helpdesk.test",
            ["Email:FromName"] = "Help desk",
            ["Email:AdminBaseUrl"] = "https://admin.helpdesk.test",
            ["Email:Digest:Enabled"] = "true",
            // 1 January 00:00 only: the schedule does not fire while the tests run.
            ["Email:Digest:Schedule"] = "0 0 1 1 *",
            ["Admin:ApiKey"] = ApiKey,
        };

        Router = await ServiceHost.StartAsync("Notifications.Router", RouterHost.Build, Configuration);
        SenderA = await ServiceHost.StartAsync("Notifications.EmailSender", EmailSenderHost.Build, Configuration);
        SenderB = await ServiceHost.StartAsync("Notifications.EmailSender", EmailSenderHost.Build, Configuration);
        AdminA = await ServiceHost.StartAsync("Notifications.Admin", AdminHost.Build, Configuration);
        AdminB = await ServiceHost.StartAsync("Notifications.Admin", AdminHost.Build, Configuration);

        await infrastructure.StartPlatformBusAsync(Outcomes);

        await HelpDeskParticipants.PublishAsync(Platform, Redis, KeyPrefix, (User, "Dan Visitor"), (Agent, "Dora " + Agent), (OtherAgent, "Dora " + OtherAgent));
    }

    /// <summary>An HTTP client for an instance's admin API, with the API key unless told otherwise.</summary>
    public static HttpClient AdminClient(WebApplication instance, string? apiKey = ApiKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(instance.Urls.First()) };
        if (apiKey is not null)
            client.DefaultRequestHeaders.Add(AdminApiKeyFilter.Header, apiKey);
        return client;
    }

    public static async Task<HttpResponseMessage> PutJsonAsync(HttpClient client, string path, object body) =>
        await client.PutAsJsonAsync(path, body);

    public Task DisposeAsync() => infrastructure.DisposeAsync([AdminB, AdminA, SenderB, SenderA, Router], Smtp);
}

[CollectionDefinition(Name)]
public sealed class EmailSendersCollection : ICollectionFixture<EmailSendersFixture>
{
    public const string Name = "email-senders";
}
