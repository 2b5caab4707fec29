using Notifications.EventValidation;
using Notifications.Contracts;
using Notifications.Router.Consumers;
using Notifications.Router.Directory;
using Notifications.Router.Routing;
using static Notifications.Router.Tests.RoutingScenario;

namespace Notifications.Router.Tests;

/// <summary>Ids, names and lists at the router's door (docs/bad-input.md, "Ids and sizes").</summary>
public class IdRulesTests
{
    private static readonly ParticipantUpsertedValidator Participants = new();
    private static readonly MessagePostedValidator Messages = new(new MessageLimits());

    private static ParticipantUpserted Agent(string id = "agent-1") => new()
    {
        ParticipantId = id,
        Role = ParticipantRoles.Agent,
        Name = "Ann",
        DepartmentIds = ["sales"],
        PushDevices = [new PushDevice { DeviceId = "d1", Platform = PushPlatforms.Android }],
    };

    [Fact]
    public void NullPushDevicesAndDepartmentIds_AreAccepted_AndStoredAsEmpty()
    {
        var upserted = Agent() with { PushDevices = null!, DepartmentIds = null! };

        Assert.Null(Participants.Problem(upserted));
        var record = ParticipantRecord.From(upserted);
        Assert.Empty(record.PushDevices);
        Assert.Empty(record.DepartmentIds);
        Assert.Empty(record.ToRecipient().PushDevices);
    }

    [Fact]
    public void AStoredRecordWithNullLists_ReadsAsEmpty()
    {
        var record = System.Text.Json.JsonSerializer.Deserialize<ParticipantRecord>(
            """{"id":"a","role":"agent","name":"Ann","departmentIds":null,"pushDevices":null}""", ParticipantDirectory.Json)!;

        Assert.Empty(record.DepartmentIds);
        Assert.Empty(record.PushDevices);
    }

    [Theory]
    [InlineData("alice:devices", "participantId contains ':'")]
    [InlineData("alice\r\nBcc: x", "participantId contains control characters")]
    [InlineData("", "participantId is required")]
    public void ABadParticipantId_IsRefusedNamingTheField(string id, string reason) =>
        Assert.Contains(reason, Participants.Problem(Agent(id)));

    [Fact]
    public void A5000CharacterParticipantId_IsRefusedWithTheLimit() =>
        Assert.Contains("at most 200", Participants.Problem(Agent(new string('a', 5000))));

    [Fact]
    public void ANullDevice_IsRefusedNamingItsIndex() =>
        Assert.Contains("pushDevices[1] is null", Participants.Problem(Agent() with { PushDevices = [new PushDevice { DeviceId = "d", Platform = PushPlatforms.Ios }, null!] }));

    [Fact]
    public void ADeviceWithoutId_IsRefusedNamingTheField() =>
        Assert.Contains("pushDevices[0].deviceId", Participants.Problem(Agent() with { PushDevices = [new PushDevice { DeviceId = null!, Platform = PushPlatforms.Ios }] }));

    [Fact]
    public void ADepartmentIdWithAColon_IsRefusedNamingItsIndex() =>
        Assert.Contains("departmentIds[1]", Participants.Problem(Agent() with { DepartmentIds = ["sales", "a:agents"] }));

    [Fact]
    public void AnOverlongName_IsRefusedWithTheLimit() =>
        Assert.Contains("name is 201 characters long; at most 200", Participants.Problem(Agent() with { Name = new string('n', 201) }));

    [Fact]
    public void AnOverlongSenderName_IsRefusedNamingTheField() =>
        Assert.Contains("sender.name", Messages.Problem(FromUser() with { Sender = FromUser().Sender with { Name = new string('n', 201) } }));

    [Fact]
    public void AnOverlongAttachmentName_IsRefusedWithTheLimit() =>
        Assert.Contains("attachments[].name is 256 characters long; at most 255", Messages.Problem(
            FromUser() with { Attachments = [new Attachment { Name = new string('f', 256), Url = "https://files.test/f" }] }));

    [Fact]
    public void AMessageIdWithAColon_IsRefused() =>
        Assert.Contains("messageId contains ':'", Messages.Problem(FromUser() with { MessageId = "m1:a" }));

    [Fact]
    public void AConversationIdWithAColon_IsAccepted() =>
        Assert.Null(Messages.Problem(FromUser() with { ConversationId = "tenant:42" }));

    [Fact]
    public void NotificationIds_OfOrdinaryIds_AreUnchanged() =>
        Assert.Equal("m1:agent-7:email", NotificationIds.For("m1", "agent-7", "email"));

    [Fact]
    public void NotificationIds_AreUnambiguousWhateverTheIdsContain()
    {
        Assert.NotEqual(NotificationIds.For("m1:a", "b", "email"), NotificationIds.For("m1", "a:b", "email"));
        Assert.NotEqual(NotificationIds.For("m1%3Aa", "b", "email"), NotificationIds.For("m1:a", "b", "email"));
        Assert.Equal("m1%3Aa:b:email", NotificationIds.For("m1:a", "b", "email"));
    }
}
