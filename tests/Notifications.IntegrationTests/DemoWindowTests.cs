using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests;

/// <summary>The pipeline as <c>make run</c> has it for the demo: email waits in a delay window, SMS and push do not.</summary>
public sealed class DemoWindowFixture : PipelineFixture
{
    /// <summary>Long enough for the demo's two quick messages and its read to fall inside one window.</summary>
    public const int EmailWindowSeconds = 6;

    protected override void Configure(Dictionary<string, string?> configuration) =>
        configuration["Email:DelaySeconds"] = EmailWindowSeconds.ToString();
}

[CollectionDefinition(Name)]
public sealed class DemoWindowCollection : ICollectionFixture<DemoWindowFixture>
{
    public const string Name = "demo-window";
}

/// <summary>
/// <c>make demo</c>'s simulator, run as its own process against the real services, shows what the delay window does:
/// Ada's two quick messages reach Linus as one email, and the conversation Linus read in time sends him none.
/// </summary>
[Collection(DemoWindowCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DemoWindowTests(DemoWindowFixture pipeline)
{
    private const string Linus = "linus@helpdesk.example";

    [Fact]
    public async Task TheDemo_GroupsTwoQuickMessagesIntoOneEmail_AndAReadConversationSendsNone()
    {
        // The simulator built beside this test assembly (same configuration: bin/<Release|Debug>/net10.0).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var simulator = Path.Combine(ClientTools.RepositoryRoot, "tests", "Notifications.Simulator", "bin", configuration, "net10.0", "Notifications.Simulator.dll");
        Assert.True(File.Exists(simulator), $"{simulator} is built with the solution");

        var output = await ClientProcess.RunAsync("dotnet", [simulator, "demo"], ClientTools.RepositoryRoot, new Dictionary<string, string>
        {
            ["RABBITMQ_URL"] = pipeline.VirtualHost.AmqpUrl.ToString(),
            ["DEMO_WAIT_SECONDS"] = "0",
        }, TimeSpan.FromMinutes(2));
        Assert.Contains("[window]", output);

        await Eventually.TrueAsync(() => Task.FromResult(GroupedEmails().Any()), "Linus's one email listing Ada's two quick messages", TimeSpan.FromSeconds(60));
        var seen = await WaitForSeenSuppressionAsync();
        Assert.Equal(Channels.Email, seen.Channel);

        // Past the window of the read conversation and then some: still one grouped email, and none about the read one.
        await Task.Delay(TimeSpan.FromSeconds(DemoWindowFixture.EmailWindowSeconds));
        Assert.Single(GroupedEmails());
        Assert.DoesNotContain(EmailsToLinus(), m => (m.TextBody ?? "").Contains("Never mind, I found the manual."));
        Assert.Single(EmailsToLinus(), m => (m.TextBody ?? "").Contains("Also: can the engine run on steam?"));
    }

    private IEnumerable<MimeKit.MimeMessage> EmailsToLinus() =>
        pipeline.Smtp.Messages.Where(m => m.To.Mailboxes.Any(to => to.Address == Linus));

    private IEnumerable<MimeKit.MimeMessage> GroupedEmails() => EmailsToLinus().Where(m =>
        (m.TextBody ?? "").Contains("Also: can the engine run on steam?") && (m.TextBody ?? "").Contains("And is the punch-card reader included?"));

    private async Task<NotificationSuppressed> WaitForSeenSuppressionAsync()
    {
        NotificationSuppressed? found = null;
        await Eventually.TrueAsync(() =>
        {
            found = pipeline.Outcomes.Suppressed.FirstOrDefault(s => s.RecipientId == "agent-linus" && s.Reason == "seen" && s.MessageId.StartsWith("demo-seen-"));
            return Task.FromResult(found is not null);
        }, "the read conversation's email suppressed as seen", TimeSpan.FromSeconds(60));
        return found!;
    }
}
