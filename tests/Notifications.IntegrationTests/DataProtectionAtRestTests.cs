using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Admin;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests;

/// <summary>
/// The console's Data Protection key ring (sessions, anti-forgery tokens) in Redis through Microsoft's store, encrypted at
/// rest with <c>Secrets:EncryptionKey</c>, on the running admin service: a Redis dump holds no usable key, another
/// instance with the key reads what the first protected, and so does one whose key was rotated (the old one kept in
/// <c>Secrets:PreviousEncryptionKeys</c>).
/// </summary>
[Trait("Category", "Integration")]
public sealed class DataProtectionAtRestTests : IAsyncLifetime
{
    private const string OldKey = "hO4Xb8yQ2bPp1Wc5m2nS2Ls3q3d8E1rXQ9tqv4s0dUE=";
    private const string NewKey = "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c=";

    private readonly IsolatedInfrastructure infrastructure = new();
    private readonly List<WebApplication> running = [];

    public Task InitializeAsync() => infrastructure.StartAsync();

    [Fact]
    public async Task TheKeyRingIsEncryptedAtRest_AndReadByAnotherInstance_AndAfterARotation()
    {
        var first = await StartAdminAsync(OldKey);
        var protectedValue = Protector(first).Protect("console session of ops@example.com");

        var ring = (await infrastructure.Redis.GetDatabase().ListRangeAsync(infrastructure.KeyPrefix + "console:data-protection-keys"))
            .Select(value => (string)value!).ToList();
        Assert.NotEmpty(ring);
        Assert.All(ring, key =>
        {
            Assert.Contains("storedKeyEncrypted", key);
            Assert.Contains("enc:v2:", key);
            // The plain descriptor holds <masterKey><value>…</value>: it must not be there.
            Assert.DoesNotContain("masterKey", key);
        });

        var second = await StartAdminAsync(OldKey);
        Assert.Equal("console session of ops@example.com", Protector(second).Unprotect(protectedValue));

        var rotated = await StartAdminAsync(NewKey, previous: OldKey);
        Assert.Equal("console session of ops@example.com", Protector(rotated).Unprotect(protectedValue));
    }

    private static IDataProtector Protector(WebApplication admin) =>
        admin.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("data-protection-at-rest-test");

    private async Task<WebApplication> StartAdminAsync(string key, string? previous = null)
    {
        var configuration = new Dictionary<string, string?>(infrastructure.Configuration())
        {
            ["Admin:ApiKey"] = "data-protection-admin-key-0123456789",
            ["Secrets:EncryptionKey"] = key,
        };
        if (previous is not null)
            configuration["Secrets:PreviousEncryptionKeys:0"] = previous;
        var admin = await ServiceHost.StartAsync("Notifications.Admin", AdminHost.Build, configuration);
        running.Add(admin);
        return admin;
    }

    public Task DisposeAsync() => infrastructure.DisposeAsync(running);
}
