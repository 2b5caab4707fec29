using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Notifications.WebhookSender.Settings;

namespace Notifications.WebhookSender.Tests;

/// <summary>Start-up refuses what would post insecurely or not at all, naming the key to fix and never the signing key.</summary>
public sealed class WebhookOptionsValidatorTests
{
    private const string SigningKey = "s3cret-signing-key";

    [Fact]
    public void No_url_is_off_and_valid_without_a_key() => Assert.Empty(Failures(new WebhookOptions()));

    [Fact]
    public void An_https_url_with_a_key_is_valid() =>
        Assert.Empty(Failures(new WebhookOptions { Url = "https://platform.example.com/hooks", SigningKey = SigningKey }));

    [Fact]
    public void A_url_without_a_key_names_Webhooks_SigningKey() =>
        Assert.Contains(Failures(new WebhookOptions { Url = "https://platform.example.com/hooks" }), f => f.Contains("Webhooks:SigningKey is required"));

    [Theory]
    [InlineData("platform.example.com/hooks")]
    [InlineData("ftp://platform.example.com/hooks")]
    [InlineData("/hooks")]
    public void A_url_that_is_not_absolute_http_names_Webhooks_Url(string url) =>
        Assert.Contains(Failures(new WebhookOptions { Url = url, SigningKey = SigningKey }), f => f.StartsWith("Webhooks:Url must be an absolute https URL"));

    [Fact]
    public void Plain_http_is_refused_in_production_but_not_to_loopback_nor_under_Testing()
    {
        var remote = new WebhookOptions { Url = "http://platform.example.com/hooks?token=abc", SigningKey = SigningKey };
        var failure = Assert.Single(Failures(remote));
        Assert.Contains("Webhooks:Url must use https", failure);
        Assert.DoesNotContain("token=abc", failure);
        Assert.Empty(Failures(new WebhookOptions { Url = "http://127.0.0.1:8080/hooks", SigningKey = SigningKey }));
        Assert.Empty(Failures(new WebhookOptions { Url = "http://localhost:8080/hooks", SigningKey = SigningKey }));
        Assert.Empty(Failures(remote, environment: "Testing"));
    }

    [Fact]
    public void Unknown_event_types_and_timeouts_out_of_range_are_named()
    {
        var failures = Failures(new WebhookOptions
        {
            Url = "https://platform.example.com/hooks",
            SigningKey = SigningKey,
            Events = ["NotificationDelivered, MessagePosted"],
            TimeoutSeconds = 0,
        });
        Assert.Contains(failures, f => f.StartsWith("Webhooks:Events 'MessagePosted' is no event"));
        Assert.Contains(failures, f => f.StartsWith("Webhooks:TimeoutSeconds"));
        Assert.All(failures, f => Assert.DoesNotContain(SigningKey, f));
    }

    [Fact]
    public void Events_narrow_what_is_consumed_and_empty_means_all()
    {
        string[] everyEventPublishedBack = ["EmailReplyReceived", "MessageRouted", "NotificationDelivered", "NotificationFailed", "NotificationSuppressed",
            "ParticipantOptedIn", "ParticipantOptedOut", "SmsReplyReceived"];
        Assert.Equal(everyEventPublishedBack, new WebhookOptions().EventTypes.Select(t => t.Name).Order());
        Assert.Equal(["NotificationFailed", "SmsReplyReceived"],
            new WebhookOptions { Events = ["NotificationFailed,SmsReplyReceived"] }.EventTypes.Select(t => t.Name));
    }

    [Fact]
    public void Events_read_from_one_comma_separated_value_as_from_a_list()
    {
        var single = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Webhooks:Events"] = "NotificationFailed, SmsReplyReceived" }).Build();
        var list = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Webhooks:Events:0"] = "NotificationFailed", ["Webhooks:Events:1"] = "SmsReplyReceived" }).Build();

        Assert.Equal(["NotificationFailed", "SmsReplyReceived"], WebhookOptions.From(single).EventTypes.Select(t => t.Name));
        Assert.Equal(["NotificationFailed", "SmsReplyReceived"], WebhookOptions.From(list).EventTypes.Select(t => t.Name));
    }

    private static IReadOnlyList<string> Failures(WebhookOptions options, string environment = "Production") =>
        new WebhookOptionsValidator(new Environment(environment)).Validate(null, options).Failures?.ToList() ?? [];

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Notifications.WebhookSender";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
