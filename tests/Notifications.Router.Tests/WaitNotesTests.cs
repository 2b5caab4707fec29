using MassTransit;
using Notifications.Router.Waits;

namespace Notifications.Router.Tests;

/// <summary>The notes keep the message types they had before the waits moved: notes already waiting in an earlier
/// version's wait queues reach the router under those names and must still find their consumer.</summary>
public sealed class WaitNotesTests
{
    [Fact]
    public void TakeoverNote_KeepsItsMessageType()
    {
        Assert.Equal("urn:message:Notifications.Router.Takeover:TakeoverGraceElapsed", MessageUrn.ForTypeString<TakeoverGraceElapsed>());
    }

    [Fact]
    public void DirectoryNote_KeepsItsMessageType()
    {
        Assert.Equal("urn:message:Notifications.Router.Directory:DirectoryWaitElapsed", MessageUrn.ForTypeString<DirectoryWaitElapsed>());
    }
}
