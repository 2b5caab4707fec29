using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace Notifications.Gateway.InboundEmail;

/// <summary>What makes an inbound mail the same mail when a provider or an MTA posts it again: its Message-ID, else its bytes.</summary>
public static class InboundMailId
{
    /// <summary>A key for <c>EmailEventClaims</c>: hashed, so a long or odd Message-ID makes a short, safe Redis key.</summary>
    public static string Of(MimeMessage message)
    {
        if (!string.IsNullOrWhiteSpace(message.MessageId) && message.MessageId.Length <= 250)
            return "mid-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message.MessageId)));
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return "sha256-" + Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }
}
