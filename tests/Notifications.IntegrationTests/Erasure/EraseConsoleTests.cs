using System.Net;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests.Erasure;

/// <summary>
/// Issue 22, item 7, on the console: the Participants page erases a participant through the same code as the admin
/// API, only with the box ticked, and says what it removed; the audit trail records it from the console.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EraseConsoleTests(PipelineFixture pipeline) : IDisposable
{
    private readonly ErasePipeline erase = new(pipeline);
    private readonly HttpClient console = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = pipeline.AdminUrl,
    };

    public void Dispose() => console.Dispose();

    [Fact]
    public async Task TheParticipantsPage_ErasesOnlyWithTheBoxTicked_SaysWhatItRemoved_AndIsAudited()
    {
        var agent = $"console-erase-{Guid.NewGuid():N}"[..26];
        await pipeline.Platform.Publish(new Contracts.ParticipantUpserted
        {
            ParticipantId = agent, Role = Contracts.ParticipantRoles.Agent, Name = "Agent " + agent[^6..], Email = $"{agent}@helpdesk.test",
        });
        await pipeline.WaitForParticipantsAsync(agent);
        var signIn = await console.PostAsync("/console/sign-in", Form(await TokenAsync("/console/sign-in"), ("returnUrl", ""), ("secret", PipelineFixture.AdminApiKey)));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var unticked = await console.PostAsync("/console/participants/erase", Form(await TokenAsync("/console/participants"), ("participant", agent)));
        Assert.Equal(HttpStatusCode.BadRequest, unticked.StatusCode);
        Assert.Contains("cannot be undone", await unticked.Content.ReadAsStringAsync());
        Assert.True(await erase.Db.KeyExistsAsync(erase.Keys.Key($"participant:{agent}")));

        var erased = await console.PostAsync("/console/participants/erase",
            Form(await TokenAsync("/console/participants"), ("participant", agent), ("confirm", "yes")));
        var page = await erased.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Contains("Erased: a participant:", page);
        Assert.Contains("1 address hashes kept", page);
        Assert.False(await erase.Db.KeyExistsAsync(erase.Keys.Key($"participant:{agent}")));
        Assert.True(await erase.ErasedAddresses.ContainsAsync($"{agent}@helpdesk.test"));
        var audit = (string)(await erase.Db.ListGetByIndexAsync(erase.Keys.Key("admin:audit"), 0))!;
        Assert.Contains("console session", audit);
        Assert.Contains("participant erased", audit);
        Assert.DoesNotContain(agent, audit);

        var again = await console.PostAsync("/console/participants/erase",
            Form(await TokenAsync("/console/participants"), ("participant", agent), ("confirm", "yes")));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("Nothing is held", await again.Content.ReadAsStringAsync());

        var withoutToken = await console.PostAsync("/console/participants/erase", new FormUrlEncodedContent([new("participant", User), new("confirm", "yes")]));
        Assert.NotEqual(HttpStatusCode.OK, withoutToken.StatusCode);
        Assert.True(await erase.Db.KeyExistsAsync(erase.Keys.Key($"participant:{User}")));
    }

    private async Task<string> TokenAsync(string page) => ConsoleClient.AntiforgeryTokenOf(await console.GetStringAsync(page));

    private static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields) =>
        new([new("__csrf", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))]);
}
