using Notifications.Contracts;
using Notifications.Email.Composition;
using Notifications.Email.Settings;
using Notifications.Email.Templates;
using Notifications.SharedState.Transcripts;

namespace Notifications.EmailSender.Tests.Templates;

public class DigestAndLocaleTemplateTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 4, 9, 15, 0, TimeSpan.Zero);

    private static TranscriptEntry Entry(string id, string sender, string text, int minutes) => new()
    {
        MessageId = id,
        SenderId = sender.ToLowerInvariant(),
        SenderName = sender,
        SenderRole = ParticipantRoles.User,
        Text = text,
        PostedAt = Start.AddMinutes(minutes),
    };

    [Fact]
    public void FallbackChain_TriesRegionThenLanguageThenDefault()
    {
        var chain = TemplateKey.FallbackChain("agent", TemplateKind.Digest, "pt_BR");

        Assert.Equal(["agent/digest/pt-br", "agent/digest/pt", "agent/digest"], chain.Select(key => key.Name));
    }

    [Fact]
    public void FallbackChain_WithoutOrWithInvalidLocale_IsTheDefaultOnly()
    {
        Assert.Equal(["user/message"], TemplateKey.FallbackChain("user", TemplateKind.Message, null).Select(key => key.Name));
        Assert.Equal(["user/message"], TemplateKey.FallbackChain("user", TemplateKind.Message, "../etc").Select(key => key.Name));
    }

    [Fact]
    public void TranscriptField_IsRejectedInPerMessageTemplates_NamingIt()
    {
        var error = Assert.Throws<TemplateException>(() => EmailTemplate.Create("agent/message", "Hi", "{transcript}", isHtml: false));

        Assert.Equal("transcript", error.MergeField);
        Assert.Equal("body", error.Part);
        Assert.Contains("{transcript}", error.Message);
    }

    [Fact]
    public void TranscriptField_IsAcceptedInDigestTemplates()
    {
        var template = EmailTemplate.Create("agent/digest", "{transcript}", "{transcript}", isHtml: false, kind: TemplateKind.Digest);

        Assert.Equal(TemplateKind.Digest, template.Kind);
    }

    [Fact]
    public void UnknownFieldInDigestTemplate_IsRejectedNamingIt()
    {
        var error = Assert.Throws<TemplateException>(() =>
            EmailTemplate.Create("user/digest", "Hi", "{transcript} {foo}", isHtml: true, kind: TemplateKind.Digest));

        Assert.Equal("foo", error.MergeField);
    }

    [Fact]
    public void StoredTemplateThatBecameInvalid_IsReportedAndNotParsed()
    {
        var key = new TemplateKey("agent", TemplateKind.Message, "fr");

        var parsed = TemplateStore.TryLoad(key, """{"subject":"Salut","body":"{nom}","isHtml":false}""", out _, out var error);

        Assert.False(parsed);
        Assert.Contains("{nom}", error);
        Assert.Contains("agent/message/fr", error);
    }

    [Fact]
    public void DigestEmail_CarriesTheWholeTranscript_WithSenderNamesAndTimes_Escaped()
    {
        var transcript = new[]
        {
            Entry("m1", "Bob", "First <b>question</b>", 0),
            Entry("m2", "Alice", "An answer\nover two lines", 5),
            Entry("m3", "Bob", "Thanks & bye", 9),
        };
        var recipient = new NotificationRecipient { Id = "alice", Role = ParticipantRoles.Agent, Name = "Alice", Email = "alice@example.com" };
        var email = new EmailOptions { From = "support@example.com", AdminBaseUrl = "https://admin.example.com" };

        var message = EmailComposer.ComposeDigest("digest:alice:c1:1", recipient, "c1", transcript, email, DefaultTemplates.AgentDigest);

        Assert.Equal("New messages in conversation c1", message.Subject);
        Assert.Contains("Bob (2025-03-04 09:15 UTC):\nFirst <b>question</b>", message.TextBody);
        Assert.Contains("Alice (2025-03-04 09:20 UTC):\nAn answer\nover two lines", message.TextBody);
        Assert.Contains("Bob (2025-03-04 09:24 UTC):\nThanks & bye", message.TextBody);
        Assert.Contains("First &lt;b&gt;question&lt;/b&gt;", message.HtmlBody);
        Assert.Contains("An answer<br>", message.HtmlBody);
        Assert.Contains("Thanks &amp; bye", message.HtmlBody);
        Assert.Contains("https://admin.example.com/conversations/c1", message.TextBody);
        Assert.True(message.TextBody!.IndexOf("First", StringComparison.Ordinal) < message.TextBody.IndexOf("Thanks", StringComparison.Ordinal));
    }

    [Fact]
    public void DigestTemplate_CanUseTheMessageFields_OfTheLatestMessageFromSomeoneElse()
    {
        var template = EmailTemplate.Create("user/digest", "{sender_name}: {message}", "{transcript}", isHtml: false, kind: TemplateKind.Digest);
        var recipient = new NotificationRecipient { Id = "bob", Role = ParticipantRoles.User, Name = "Bob", Email = "bob@example.com" };

        var message = EmailComposer.ComposeDigest("d", recipient, "c1", [Entry("m1", "Alice", "Shipped", 0), Entry("m2", "Bob", "Great", 1)],
            new EmailOptions(), template);

        Assert.Equal("Alice: Shipped", message.Subject);
    }
}
