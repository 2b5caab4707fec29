using Notifications.Contracts;
using Notifications.Email.Templates;
using Notifications.SharedState.Transcripts;

namespace Notifications.Admin.AdminConsole;

/// <summary>The sample data the console's template preview renders with.</summary>
public static class SampleMergeValues
{
    public const string ConversationId = "conv-sample-1042";

    public static MergeValues For(string audience, TemplateKind kind, string? adminBaseUrl)
    {
        var now = DateTimeOffset.UtcNow;
        return new MergeValues
        {
            RecipientName = audience == TemplateKey.Agent ? "Dora Agent" : "Ada Lovelace",
            SenderName = audience == TemplateKey.Agent ? "Ada Lovelace" : "Dora Agent",
            SenderProfileImage = "https://example.com/avatars/sender.png",
            Message = "Hello! My order #1042 has not arrived yet.\nCould you check where it is?",
            Attachments = [new Attachment { Name = "receipt-1042.pdf", Url = "https://files.example.com/receipt-1042.pdf" }],
            ConversationLink = MergeValuesFactory.ConversationLink(audience, ConversationId, adminBaseUrl),
            ConversationId = ConversationId,
            Transcript = kind != TemplateKind.Digest ? [] :
            [
                Entry("m1", "user-ada", "Ada Lovelace", ParticipantRoles.User, "Hello! My order #1042 has not arrived yet.", now.AddMinutes(-12)),
                Entry("m2", "agent-dora", "Dora Agent", ParticipantRoles.Agent, "Sorry to hear that, let me check.", now.AddMinutes(-10)),
                Entry("m3", "user-ada", "Ada Lovelace", ParticipantRoles.User, "Thank you, it was due on Monday.", now.AddMinutes(-9)),
            ],
            Messages = kind != TemplateKind.Grouped ? [] :
            [
                Entry("m1", "user-ada", "Ada Lovelace", ParticipantRoles.User, "Hello! My order #1042 has not arrived yet.", now.AddMinutes(-2)),
                Entry("m2", "user-ada", "Ada Lovelace", ParticipantRoles.User, "Could you check where it is? It was due on Monday.", now.AddMinutes(-1)),
            ],
        };
    }

    private static TranscriptEntry Entry(string id, string sender, string name, string role, string text, DateTimeOffset at) => new()
    {
        MessageId = id,
        SenderId = sender,
        SenderName = name,
        SenderRole = role,
        Text = text,
        PostedAt = at,
    };
}
