using Notifications.Router.Routing;
using static Notifications.Router.Tests.RoutingScenario;

namespace Notifications.Router.Tests;

public class MessagePostedValidatorTests
{
    private static readonly RoutingOptions Options = new() { MaxMessageLength = 100 };

    [Fact]
    public void ValidMessage_HasNoProblem() => Assert.Null(MessagePostedValidator.Validate(FromUser(), Options));

    [Fact]
    public void UnknownRole_IsNamed() =>
        Assert.Contains("sender.role", MessagePostedValidator.Validate(FromUser() with { Sender = FromUser().Sender with { Role = "admin" } }, Options));

    [Fact]
    public void MissingUserId_IsNamed() =>
        Assert.Contains("conversation.userId", MessagePostedValidator.Validate(FromUser() with { Conversation = FromUser().Conversation with { UserId = "" } }, Options));

    [Fact]
    public void OversizeText_IsNamedWithTheLimitKey() =>
        Assert.Contains("Routing:MaxMessageLength", MessagePostedValidator.Validate(FromUser() with { Text = new string('x', 101) }, Options));

    [Fact]
    public void AttachmentWithScriptUrl_IsRejected() =>
        Assert.Contains("attachments[].url", MessagePostedValidator.Validate(
            FromUser() with { Attachments = [new() { Name = "x", Url = "javascript:alert(1)" }] }, Options));

    [Fact]
    public void MissingPostedAt_IsNamed() =>
        Assert.Contains("postedAt", MessagePostedValidator.Validate(FromUser() with { PostedAt = default }, Options));

    [Fact]
    public void TooManyAttachments_IsNamedWithTheLimitKey() =>
        Assert.Contains("Routing:MaxAttachments", MessagePostedValidator.Validate(
            FromUser() with { Attachments = Enumerable.Range(0, 51).Select(i => new Notifications.Contracts.Attachment { Name = "f", Url = "https://x.test/f" }).ToArray() }, Options));

    [Fact]
    public void OverlongMessageId_IsRejected() =>
        Assert.Contains("messageId", MessagePostedValidator.Validate(FromUser() with { MessageId = new string('m', 201) }, Options));

    [Fact]
    public void ControlCharactersInSenderId_AreRejected() =>
        Assert.Contains("sender.id", MessagePostedValidator.Validate(FromUser() with { Sender = FromUser().Sender with { Id = "bob\r\nBcc: x" } }, Options));

    [Fact]
    public void EmptyDepartmentId_IsRejectedRatherThanRoutedAsUnassigned() =>
        Assert.Contains("conversation.departmentId", MessagePostedValidator.Validate(FromUser(department: ""), Options));
}
