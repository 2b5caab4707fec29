using System.Security.Cryptography;
using System.Text;

namespace Notifications.Signing;

/// <summary>Compares a secret someone sent with the configured one, in time that says nothing about either.</summary>
public static class SecretComparison
{
    /// <summary>Hashing first gives equal lengths, so neither the length nor the first differing character leaks through timing.</summary>
    public static bool Matches(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
