using System.Text;
using Notifications.Signing;

namespace Notifications.EmailSender.Tests.Replies;

/// <summary>The reply address's token: one per recipient and conversation, readable in any case, never a bounce token.</summary>
public class ReplyTokenTests
{
    private const string Key = "unit-test-reply-signing-key-0123456789abcdef";
    private const string OtherKey = "another-reply-signing-key-0123456789abcdefgh";

    [Theory]
    [InlineData("agent-1", "c-1")]
    [InlineData("agent-with-a-long-id-0123456789-0123456789-0123456789", "conversation-0123456789-0123456789-0123456789-0123456789")]
    [InlineData("агент", "ünïcödé")]
    public void The_address_is_lowercase_base32_within_64_octets_and_reads_back_to_its_handle(string recipientId, string conversationId)
    {
        var address = ReplyToken.AddressOf(Key, "reply.example.com", recipientId, conversationId);
        var local = address[..address.IndexOf('@')];

        Assert.True(Encoding.ASCII.GetByteCount(local) <= 64, local);
        Assert.Matches("^reply\\+[a-z2-7]{40}$", local);
        Assert.Equal(ReplyToken.HandleOf(recipientId, conversationId), ReplyToken.Read(Key, ReplyToken.TokenOfAddress(address), out var forged, out var problem));
        Assert.False(forged);
        Assert.Null(problem);
    }

    [Fact]
    public void Every_email_of_a_conversation_to_one_recipient_has_one_address_and_others_another()
    {
        Assert.Equal(ReplyToken.Create(Key, "a", "c"), ReplyToken.Create(Key, "a", "c"));
        Assert.NotEqual(ReplyToken.Create(Key, "a", "c"), ReplyToken.Create(Key, "b", "c"));
        Assert.NotEqual(ReplyToken.Create(Key, "a", "c"), ReplyToken.Create(Key, "a", "d"));
    }

    [Fact]
    public void A_relay_that_changes_the_case_changes_nothing()
    {
        var token = ReplyToken.Create(Key, "a", "c");
        Assert.Equal(ReplyToken.HandleOf("a", "c"), ReplyToken.Read(Key, token.ToUpperInvariant(), out _, out _));
    }

    [Fact]
    public void A_token_signed_with_another_key_or_changed_is_forged()
    {
        Assert.Null(ReplyToken.Read(Key, ReplyToken.Create(OtherKey, "a", "c"), out var forged, out var problem));
        Assert.True(forged);
        Assert.Contains("signature", problem);

        var token = ReplyToken.Create(Key, "a", "c");
        var changed = (token[0] == 'a' ? 'b' : 'a') + token[1..];
        Assert.Null(ReplyToken.Read(Key, changed, out forged, out _));
        Assert.True(forged);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("0000000000000000000000000000000000000000")]
    public void A_cut_or_rewritten_token_is_malformed_not_forged(string token)
    {
        Assert.Null(ReplyToken.Read(Key, token, out var forged, out var problem));
        Assert.False(forged);
        Assert.Contains("base32", problem);
    }

    [Fact]
    public void A_bounce_token_is_never_a_reply_token_and_a_reply_token_never_a_bounce_token()
    {
        // The purpose strings make the signatures differ whatever the handles.
        var bounce = BounceToken.Create(Key, "n-1");
        Assert.Null(ReplyToken.Read(Key, bounce, out var forged, out _));
        Assert.True(forged);
        var reply = ReplyToken.Create(Key, "a", "c");
        Assert.Null(BounceToken.Read(Key, reply, out forged, out _));
        Assert.True(forged);
        Assert.Null(ReplyToken.TokenOfAddress(BounceToken.AddressOf(Key, "reply.example.com", "n-1")));
    }

    [Fact]
    public void The_sender_hash_ignores_case_and_spaces_and_depends_on_the_key()
    {
        Assert.Equal(ReplyToken.SenderHashOf(Key, "Ada@Example.org"), ReplyToken.SenderHashOf(Key, " ada@example.org "));
        Assert.NotEqual(ReplyToken.SenderHashOf(Key, "ada@example.org"), ReplyToken.SenderHashOf(Key, "bo@example.org"));
        Assert.NotEqual(ReplyToken.SenderHashOf(Key, "ada@example.org"), ReplyToken.SenderHashOf(OtherKey, "ada@example.org"));
        Assert.DoesNotContain("ada", ReplyToken.SenderHashOf(Key, "ada@example.org"));
    }
}
