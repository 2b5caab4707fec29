using System.Text;
using Notifications.Signing;

namespace Notifications.EmailSender.Tests.Bounces;

/// <summary>The VERP bounce address's token: short whatever the id, readable in any case, refused when forged or cut.</summary>
public class BounceTokenTests
{
    private const string Key = "unit-test-reply-signing-key-0123456789abcdef";
    private const string OtherKey = "another-reply-signing-key-0123456789abcdefgh";

    [Theory]
    [InlineData("m1:agent-1:email")]
    [InlineData("a-very-long-message-id-0123456789-0123456789-0123456789-0123456789-0123456789:agent-with-a-long-id-0123456789:email")]
    [InlineData("ünïcödé:агент:email")]
    public void The_address_is_lowercase_base32_within_64_octets_and_reads_back_to_the_notifications_handle(string notificationId)
    {
        var address = BounceToken.AddressOf(Key, "reply.example.com", notificationId);
        var local = address[..address.IndexOf('@')];

        Assert.True(Encoding.ASCII.GetByteCount(local) <= 64, local);
        Assert.Matches("^bounce\\+[a-z2-7]{40}$", local);
        var token = BounceToken.TokenOfAddress(address);
        Assert.Equal(BounceToken.HandleOf(notificationId), BounceToken.Read(Key, token, out var forged, out var problem));
        Assert.False(forged);
        Assert.Null(problem);
    }

    [Fact]
    public void The_same_notification_gets_the_same_address_and_another_one_another()
    {
        Assert.Equal(BounceToken.Create(Key, "n-1"), BounceToken.Create(Key, "n-1"));
        Assert.NotEqual(BounceToken.Create(Key, "n-1"), BounceToken.Create(Key, "n-2"));
    }

    [Fact]
    public void A_relay_that_changes_the_case_changes_nothing()
    {
        var token = BounceToken.Create(Key, "n-case");
        Assert.Equal(BounceToken.HandleOf("n-case"), BounceToken.Read(Key, token.ToUpperInvariant(), out _, out _));
        Assert.Equal(token, BounceToken.TokenOfAddress($"<BOUNCE+{token}@Reply.Example.COM>")!.ToLowerInvariant());
    }

    [Fact]
    public void A_token_signed_with_another_key_or_with_a_changed_character_is_forged()
    {
        var token = BounceToken.Create(Key, "n-forged");
        Assert.Null(BounceToken.Read(Key, BounceToken.Create(OtherKey, "n-forged"), out var forged, out var problem));
        Assert.True(forged);
        Assert.Contains("signature", problem);

        // One character of the signature changed, then one of the handle: neither is ours.
        var lastChanged = token[..^1] + (token[^1] == 'a' ? 'b' : 'a');
        Assert.Null(BounceToken.Read(Key, lastChanged, out forged, out _));
        Assert.True(forged);
        var firstChanged = (token[0] == 'a' ? 'b' : 'a') + token[1..];
        Assert.Null(BounceToken.Read(Key, firstChanged, out forged, out _));
        Assert.True(forged);
    }

    [Fact]
    public void A_cut_or_padded_token_or_one_outside_the_alphabet_is_malformed_not_forged()
    {
        var token = BounceToken.Create(Key, "n-cut");
        foreach (var bad in new[] { token[..^1], token[..24], token + "a", "", token[..^1] + "1", token[..^1] + "=" })
        {
            Assert.Null(BounceToken.Read(Key, bad, out var forged, out var problem));
            Assert.False(forged);
            Assert.Contains("base32", problem);
        }
    }

    [Fact]
    public void A_reply_token_of_the_same_key_is_never_a_bounce_token()
    {
        // The unsubscribe and reply tokens sign other purposes; the bounce token's own purpose keeps them apart.
        var unsubscribe = UnsubscribeToken.Create(Key, "n-purpose", "email");
        Assert.Null(BounceToken.Read(Key, unsubscribe, out _, out _));
    }

    [Theory]
    [InlineData("reply+abc@reply.example.com")]
    [InlineData("bounce@reply.example.com")]
    [InlineData("not an address")]
    [InlineData(null)]
    public void An_address_that_is_not_a_bounce_address_has_no_token(string? address) =>
        Assert.Null(BounceToken.TokenOfAddress(address));
}
