using System.Net;
using System.Text.Json;
using Notifications.Contracts;
using Notifications.SharedState.Erasure;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests.Erasure;

/// <summary>
/// Issue 22, item 7, through the admin API: <c>POST /admin/participants/{id}/erase</c> behind the admin key, with
/// clear answers for a bad or unknown id, recorded in the audit trail without naming whom it erased.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EraseAdminApiTests(PipelineFixture pipeline) : IDisposable
{
    private readonly ErasePipeline erase = new(pipeline);
    private readonly HttpClient admin = new() { BaseAddress = pipeline.AdminUrl };

    public void Dispose() => admin.Dispose();

    [Fact]
    public async Task Erase_NeedsTheAdminKey_NamesABadId_AndAnswers404ForAnUnknownId()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.PostAsync("/admin/participants/user-ada/erase", null)).StatusCode);
        admin.DefaultRequestHeaders.Add("X-Api-Key", "wrong-" + PipelineFixture.AdminApiKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.PostAsync("/admin/participants/user-ada/erase", null)).StatusCode);
        Assert.True(await erase.Db.KeyExistsAsync(erase.Keys.Key($"participant:{User}")));

        UseTheKey();
        foreach (var (id, error) in new[] { ("a%3Ab", "':'"), (new string('x', 201), "201 characters") })
        {
            var refused = await admin.PostAsync($"/admin/participants/{id}/erase", null);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("id", body.GetProperty("field").GetString());
            Assert.Contains(error, body.GetProperty("error").GetString());
        }

        var unknown = await admin.PostAsync($"/admin/participants/nobody-{Guid.NewGuid():N}/erase", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Nothing is held", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ErasingAnAgent_RemovesOnlyTheirEntriesFromUsersTranscripts_KeepsTheirIdAsRemoved_AndIsAuditedWithoutPersonalData()
    {
        var agent = $"erase-agent-{Guid.NewGuid():N}"[..24];
        await pipeline.Platform.Publish(new ParticipantUpserted
        {
            ParticipantId = agent, Role = ParticipantRoles.Agent, Name = "Agent " + agent[^6..], Email = $"{agent}@helpdesk.test",
            Phone = "+15550107777", DepartmentIds = ["erase-desk"],
        });
        await pipeline.WaitForParticipantsAsync(agent);
        var conversation = new ConversationInfo { UserId = User, AssignedAgentId = agent };
        var question = Message(User, ParticipantRoles.User, conversation, first: true);
        await pipeline.Platform.Publish(question);
        await erase.WaitForTranscriptAsync(question.ConversationId, question.MessageId);
        var answer = Message(agent, ParticipantRoles.Agent, conversation, first: false) with { ConversationId = question.ConversationId };
        await pipeline.Platform.Publish(answer);
        await erase.WaitForTranscriptAsync(question.ConversationId, answer.MessageId);
        await erase.WaitForOutcomeAsync(agent, question.MessageId);

        UseTheKey();
        var erased = await admin.PostAsync($"/admin/participants/{agent}/erase", null);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var report = JsonDocument.Parse(await erased.Content.ReadAsStringAsync()).RootElement;
        Assert.True(report.GetProperty("erased").GetBoolean());
        Assert.Equal(2, report.GetProperty("addressesKept").GetInt32());
        Assert.True(report.GetProperty("transcriptEntriesRemoved").GetInt32() >= 1);

        // The user's conversation is theirs: it stays, without the erased agent's messages.
        var transcript = (await erase.Db.SortedSetRangeByRankAsync(erase.Keys.Key($"transcript:{question.ConversationId}"))).Select(v => (string)v!).ToList();
        Assert.Contains(transcript, entry => entry.Contains(question.MessageId));
        Assert.DoesNotContain(transcript, entry => entry.Contains(answer.MessageId) || entry.Contains(agent));

        // Only the id is kept, in agents:removed, so conversations still naming the agent are routed on at once.
        Assert.True(await erase.Db.SetContainsAsync(erase.Keys.Key("agents:removed"), agent));
        Assert.False(await erase.Db.SetContainsAsync(erase.Keys.Key("agents"), agent));
        Assert.False(await erase.Db.KeyExistsAsync(erase.Keys.Key("department:erase-desk:agents")));
        Assert.Equal([erase.Keys.Key("agents:removed").ToString()], await erase.KeysMentioningAsync(agent));
        Assert.True(await erase.ErasedAddresses.ContainsAsync("+1 555 010 7777"));

        var audit = (string)(await erase.Db.ListGetByIndexAsync(erase.Keys.Key("admin:audit"), 0))!;
        Assert.Contains("participant erased", audit);
        Assert.Contains("2 address hashes kept", audit);
        Assert.DoesNotContain(agent, audit);
        Assert.DoesNotContain("7777", audit);

        // Safe to ask again: nothing is left, so there is nothing to erase.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/admin/participants/{agent}/erase", null)).StatusCode);
    }

    private void UseTheKey()
    {
        admin.DefaultRequestHeaders.Remove("X-Api-Key");
        admin.DefaultRequestHeaders.Add("X-Api-Key", PipelineFixture.AdminApiKey);
    }
}
