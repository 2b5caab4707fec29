using Notifications.EventValidation;
using Notifications.Contracts;
using Notifications.Router.Consumers;
using Notifications.Router.Routing;
using static Notifications.Router.Tests.RoutingScenario;

namespace Notifications.Router.Tests;

public class MessagePostedValidatorTests
{
    private static readonly MessagePostedValidator Validator = new(new MessageLimits { MaxMessageLength = 100 });

    [Fact]
    public void ValidMessage_HasNoProblem() => Assert.Null(Validator.Problem(FromUser()));

    [Fact]
    public void UnknownRole_IsNamed() =>
        Assert.Contains("sender.role", Validator.Problem(FromUser() with { Sender = FromUser().Sender with { Role = "admin" } }));

    [Fact]
    public void MissingUserId_IsNamed() =>
        Assert.Contains("conversation.userId", Validator.Problem(FromUser() with { Conversation = FromUser().Conversation with { UserId = "" } }));

    [Fact]
    public void OversizeText_IsNamedWithTheLimitKey() =>
        Assert.Contains("Routing:MaxMessageLength", Validator.Problem(FromUser() with { Text = new string('x', 101) }));

    [Fact]
    public void AttachmentWithScriptUrl_IsRejected() =>
        Assert.Contains("attachments[].url", Validator.Problem(
            FromUser() with { Attachments = [new() { Name = "x", Url = "javascript:alert(1)" }] }));

    [Fact]
    public void MissingPostedAt_IsNamed() =>
        Assert.Contains("postedAt", Validator.Problem(FromUser() with { PostedAt = default }));

    [Fact]
    public void TooManyAttachments_IsNamedWithTheLimitKey() =>
        Assert.Contains("Routing:MaxAttachments", Validator.Problem(
            FromUser() with { Attachments = Enumerable.Range(0, 51).Select(i => new Notifications.Contracts.Attachment { Name = "f", Url = "https://x.test/f" }).ToArray() }));

    [Fact]
    public void OverlongMessageId_IsRejected() =>
        Assert.Contains("messageId", Validator.Problem(FromUser() with { MessageId = new string('m', 201) }));

    [Fact]
    public void ControlCharactersInSenderId_AreRejected() =>
        Assert.Contains("sender.id", Validator.Problem(FromUser() with { Sender = FromUser().Sender with { Id = "bob\r\nBcc: x" } }));

    [Fact]
    public void EmptyDepartmentId_IsRejectedRatherThanRoutedAsUnassigned() =>
        Assert.Contains("conversation.departmentId", Validator.Problem(FromUser(department: "")));

    [Fact]
    public void UnknownVisibility_IsNamed() =>
        Assert.Contains("visibility", Validator.Problem(FromAgent("a") with { Visibility = "secret" }));

    [Fact]
    public void InternalNoteFromAUser_IsRejected() =>
        Assert.Contains("visibility \"internal\"", Validator.Problem(FromUser() with { Visibility = MessageVisibility.Internal }));

    [Fact]
    public void InternalNoteFromAnAgent_AndMentions_AreValid() =>
        Assert.Null(Validator.Problem(FromAgent("a") with { Visibility = MessageVisibility.Internal, Mentions = ["b", "c"] }));

    [Fact]
    public void EmptyMention_IsNamed() =>
        Assert.Contains("mentions[]", Validator.Problem(FromAgent("a") with { Mentions = [""] }));

    [Fact]
    public void NullMentions_AreNoMentions() =>
        Assert.Null(Validator.Problem(FromAgent("a") with { Mentions = null! }));
}
