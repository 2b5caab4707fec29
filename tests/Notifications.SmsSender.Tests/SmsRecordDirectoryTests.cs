using Microsoft.Extensions.Options;
using System.Text.Json;
using Notifications.SmsSender.Providers;
using Notifications.SmsSender.Settings;

namespace Notifications.SmsSender.Tests;

public sealed class SmsRecordDirectoryTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sms-outbox-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Send_WritesOneParseableJsonFileNamedAfterTheSanitisedNotificationId()
    {
        var recorder = new SmsRecordDirectory(Options.Create(new SmsOptions { RecordDirectory = _directory }));

        var provider = await recorder.SendAsync(new OutgoingSms("m-1:agent/../7:sms", "+14155550123", "HelpDesk", "Grace: hi"), CancellationToken.None);

        Assert.Equal("sms-record-directory", provider.Provider);
        var file = Assert.Single(Directory.GetFiles(_directory));
        Assert.Equal("m-1_agent~2F~2E~2E~2F7_sms.json", Path.GetFileName(file));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal("+14155550123", json.RootElement.GetProperty("to").GetString());
        Assert.Equal("HelpDesk", json.RootElement.GetProperty("from").GetString());
        Assert.Equal("Grace: hi", json.RootElement.GetProperty("body").GetString());
        Assert.Equal("m-1:agent/../7:sms", json.RootElement.GetProperty("notificationId").GetString());
    }

    [Theory]
    [InlineData("m-1:agent.1:sms", "m-1:agent_1:sms")]
    [InlineData("m-1:agent~1:sms", "m-1:agent_1:sms")]
    [InlineData("m-1:a:b:sms", "m-1:a_b:sms")]
    [InlineData("m-1:agenté:sms", "m-1:agent~C3~A9:sms")]
    public async Task Send_IdsThatDiffer_NeverShareAFile(string first, string second)
    {
        var recorder = new SmsRecordDirectory(Options.Create(new SmsOptions { RecordDirectory = _directory }));

        await recorder.SendAsync(new OutgoingSms(first, "+14155550123", null, "one"), CancellationToken.None);
        await recorder.SendAsync(new OutgoingSms(second, "+14155550123", null, "two"), CancellationToken.None);

        Assert.Equal(2, Directory.GetFiles(_directory).Length);
    }

    [Fact]
    public async Task Send_AVeryLongId_GetsABoundedNameThatStaysDistinct()
    {
        var recorder = new SmsRecordDirectory(Options.Create(new SmsOptions { RecordDirectory = _directory }));
        var prefix = new string('m', 400);

        await recorder.SendAsync(new OutgoingSms(prefix + ":a:sms", "+14155550123", null, "one"), CancellationToken.None);
        await recorder.SendAsync(new OutgoingSms(prefix + ":b:sms", "+14155550123", null, "two"), CancellationToken.None);

        var files = Directory.GetFiles(_directory).Select(Path.GetFileName).ToList();
        Assert.Equal(2, files.Count);
        Assert.All(files, name => Assert.True(name!.Length <= Notifications.Delivery.Recording.RecordFiles.MaxNameLength + ".json".Length));
    }

    [Fact]
    public async Task Send_SameNotificationTwice_LeavesOneFile()
    {
        var recorder = new SmsRecordDirectory(Options.Create(new SmsOptions { RecordDirectory = _directory }));
        var sms = new OutgoingSms("n-1", "+14155550123", null, "Grace: hi");

        await recorder.SendAsync(sms, CancellationToken.None);
        await recorder.SendAsync(sms, CancellationToken.None);

        Assert.Single(Directory.GetFiles(_directory));
    }
}
