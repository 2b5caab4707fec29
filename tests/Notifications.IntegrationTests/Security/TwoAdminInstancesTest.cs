using Microsoft.AspNetCore.Builder;
using Notifications.Admin;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Security;

/// <summary>
/// Two real admin instances behind a "proxy" (this test process, 127.0.0.1, configured as a known proxy), on a key
/// prefix of their own, so what they count, lock out and audit touches no other test and is shared between them.
/// </summary>
/// <param name="settings">The test's own configuration over the fixture's.</param>
public abstract class TwoAdminInstancesTest(EmailSendersFixture fixture, IReadOnlyDictionary<string, string?> settings) : IAsyncLifetime
{
    private readonly string keyPrefix = $"test-{Guid.NewGuid():N}:";

    protected EmailSendersFixture Fixture => fixture;

    protected WebApplication First { get; private set; } = null!;

    protected WebApplication Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var configuration = new Dictionary<string, string?>(fixture.Configuration)
        {
            ["Redis:KeyPrefix"] = keyPrefix,
            ["Admin:KnownProxies"] = "127.0.0.1",
        };
        foreach (var (key, value) in settings)
            configuration[key] = value;
        First = await ServiceHost.StartAsync("Notifications.Admin", AdminHost.Build, configuration);
        Second = await ServiceHost.StartAsync("Notifications.Admin", AdminHost.Build, configuration);
    }

    public async Task DisposeAsync()
    {
        await ServiceHost.StopAllAsync([First, Second]);
        await RedisTestKeys.DeleteAllAsync(fixture.Redis, keyPrefix);
    }
}
