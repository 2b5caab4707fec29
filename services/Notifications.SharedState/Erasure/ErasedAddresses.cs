using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults.Redis;
using StackExchange.Redis;

namespace Notifications.SharedState.Erasure;

/// <summary>
/// <c>erased-addresses</c>: a set of hashes of the email addresses and phone numbers of erased participants, all that
/// is kept of them, so an opt-out or a bounce recorded against an address can still be matched after its owner was
/// erased. A hash is <c>hmac-sha256:{hex}</c> with <c>Erasure:AddressHashKey</c>, or <c>sha256:{hex}</c> without it,
/// of the normalised address (an email trimmed and lower-cased, a number reduced to <c>+</c> and its digits).
/// </summary>
public sealed class ErasedAddresses(IConnectionMultiplexer redis, RedisKeys keys, IOptions<ErasureOptions> options)
{
    public const string KeySuffix = "erased-addresses";

    // Domain separation: the same address hashed for another purpose never gives the same value.
    private const string Purpose = "notifications:erased-address:v1:";

    public RedisKey Key => keys.Key(KeySuffix);

    public string HashOf(string address)
    {
        var normalised = Encoding.UTF8.GetBytes(Purpose + Normalise(address));
        return options.Value.AddressHashKey is { Length: > 0 } key
            ? "hmac-sha256:" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), normalised))
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(normalised));
    }

    /// <summary>Whether <paramref name="address"/> (an email address or a phone number) belonged to an erased participant.</summary>
    public async Task<bool> ContainsAsync(string address) =>
        await redis.GetDatabase().SetContainsAsync(Key, HashOf(address));

    public static string Normalise(string address)
    {
        address = address.Trim();
        if (address.Contains('@'))
            return address.ToLowerInvariant();
        // A phone number as people write it ("+1 (415) 555-0123") and as sent (E.164) hash alike.
        var digits = new StringBuilder(address.Length);
        foreach (var c in address)
            if (char.IsAsciiDigit(c) || (c == '+' && digits.Length == 0))
                digits.Append(c);
        return digits.ToString();
    }
}
