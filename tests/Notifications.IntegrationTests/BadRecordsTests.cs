using Notifications.Contracts;
using Notifications.IntegrationTests.Infrastructure;
using static Notifications.IntegrationTests.HelpDesk;

namespace Notifications.IntegrationTests;

/// <summary>
/// One bad record never breaks others, as tried by a new user: an agent published with <c>"pushDevices": null</c>
/// used to be stored and make every message naming them throw in the rules, so their whole department got nothing.
/// Null lists are now stored as empty, and a message attachment or sender without a name gets a fallback.
/// </summary>
[Collection(PipelineCollection.Name)]
[Trait("Category", "Integration")]
public sealed class BadRecordsTests(PipelineFixture pipeline)
{
    [Fact]
    public async Task AnAgentWithNullPushDevices_AndOneWithNullDepartments_NeverStopTheirDepartmentsNotifications()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var department = "dept-" + marker;
        var nullDevices = "agent-nulldev" + marker;
        var nullDepartments = "agent-nulldep" + marker;
        var colleague = "agent-colleague" + marker;

        await PublishRawParticipantAsync($$"""{"participantId":"{{nullDevices}}","role":"agent","name":"Nell","email":"{{EmailOf(nullDevices)}}","departmentIds":["{{department}}"],"pushDevices":null}""");
        await PublishRawParticipantAsync($$"""{"participantId":"{{nullDepartments}}","role":"agent","name":"Dee","email":"{{EmailOf(nullDepartments)}}","departmentIds":null,"pushDevices":null}""");
        await pipeline.Platform.Publish(new ParticipantUpserted
        {
            ParticipantId = colleague, Role = ParticipantRoles.Agent, Name = "Col", Email = EmailOf(colleague), DepartmentIds = [department],
        });
        await pipeline.WaitForParticipantsAsync(nullDevices, nullDepartments, colleague);

        var message = Message(User, ParticipantRoles.User, new ConversationInfo { UserId = User, DepartmentId = department }, first: true);
        message = message with { Sender = message.Sender with { Name = null! }, Attachments = [new Attachment { Name = null!, Url = "https://files.test/receipt.pdf" }] };
        await pipeline.Platform.Publish(message);

        await Eventually.TrueAsync(() => EmailsTo(nullDevices, message).Count == 1 && EmailsTo(colleague, message).Count == 1,
            "the department's two agents' emails");
        var email = EmailsTo(colleague, message)[0];
        Assert.Contains("receipt.pdf", email.TextBody);
        Assert.Contains("Customer", email.TextBody);
    }

    private Task PublishRawParticipantAsync(string participant) =>
        pipeline.VirtualHost.PublishRawAsync("Notifications.Contracts:ParticipantUpserted",
            $$"""{"messageId":"{{Guid.NewGuid()}}","messageType":["urn:message:Notifications.Contracts:ParticipantUpserted"],"message":{{participant}}}""",
            "application/vnd.masstransit+json");

    private List<MimeKit.MimeMessage> EmailsTo(string agent, MessagePosted message) =>
        pipeline.Smtp.Messages.Where(m => m.To.Mailboxes.Any(box => box.Address == EmailOf(agent)) && (m.TextBody ?? "").Contains(message.Text)).ToList();
}
