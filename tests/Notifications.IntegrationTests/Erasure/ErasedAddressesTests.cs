using Microsoft.Extensions.Options;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.SharedState.Erasure;
using Notifications.SmsSender.Webhooks;

namespace Notifications.IntegrationTests.Erasure;

/// <summary>The hashes kept of erased addresses: one per address however it was written, keyed when a key is set.</summary>
[Trait("Category", "Integration")]
public sealed class ErasedAddressesTests : RedisOnlyTest
{
    [Fact]
    public void AnAddressHashesAlike_HoweverItIsWritten_AndNeverAsItself()
    {
        var plain = new ErasedAddresses(Redis, RedisKeys, Options.Create(new ErasureOptions()));
        var keyed = new ErasedAddresses(Redis, RedisKeys, Options.Create(new ErasureOptions { AddressHashKey = "a-key-kept-outside-redis" }));

        Assert.Equal(plain.HashOf("+14155550123"), plain.HashOf(" +1 (415) 555-0123 "));
        Assert.Equal(plain.HashOf("ada@helpdesk.test"), plain.HashOf(" Ada@HelpDesk.test"));
        Assert.NotEqual(plain.HashOf("ada@helpdesk.test"), plain.HashOf("bob@helpdesk.test"));
        Assert.StartsWith("sha256:", plain.HashOf("ada@helpdesk.test"));
        Assert.StartsWith("hmac-sha256:", keyed.HashOf("ada@helpdesk.test"));
        Assert.NotEqual(plain.HashOf("ada@helpdesk.test")[7..], keyed.HashOf("ada@helpdesk.test")[12..]);
        Assert.DoesNotContain("4155550123", plain.HashOf("+14155550123"));
    }

    [Fact]
    public async Task ErasingAParticipantNobodyKnows_KeepsNothing_AndSaysSo()
    {
        var erasure = new ParticipantErasure(Redis, RedisKeys, new ErasedAddresses(Redis, RedisKeys, Options.Create(new ErasureOptions())));

        var report = await erasure.EraseAsync("nobody");

        Assert.False(report.Known);
        Assert.False(await Redis.GetDatabase().KeyExistsAsync(RedisKeys.Key(ErasedAddresses.KeySuffix)));
    }

    [Fact]
    public async Task ErasingAnAlreadyRemovedParticipant_StillHashesTheNumberOfTheirSmsThread_AndDeletesIt()
    {
        var addresses = new ErasedAddresses(Redis, RedisKeys, Options.Create(new ErasureOptions { AddressHashKey = "a-key-kept-outside-redis" }));
        var erasure = new ParticipantErasure(Redis, RedisKeys, addresses);
        var threads = new RedisSmsThreadStore(Redis, RedisKeys);
        await threads.RememberAsync("+14155550123", "SM1", new SmsThread("n-1", "gone-user", "conv-1", "m-1"));
        await threads.RememberAsync("+14155550999", "SM2", new SmsThread("n-2", "someone-else", "conv-2", "m-2"));

        var report = await erasure.EraseAsync("gone-user");

        Assert.True(report.Known);
        Assert.Equal(1, report.AddressesKept);
        Assert.True(await addresses.ContainsAsync("+1 415 555 0123"));
        Assert.False(await addresses.ContainsAsync("+14155550999"));
        Assert.Null(await threads.FindByNumberAsync("+14155550123"));
        Assert.Null(await threads.FindByMessageSidAsync("SM1"));
        Assert.NotNull(await threads.FindByNumberAsync("+14155550999"));
        Assert.NotNull(await threads.FindByMessageSidAsync("SM2"));
        Assert.False((await erasure.EraseAsync("gone-user")).Known);
    }
}
