namespace Notifications.IntegrationTests;

/// <summary>The whole pipeline with a delay window on every channel (<see cref="WindowSeconds"/>), for the window's own tests.</summary>
public sealed class DelayWindowFixture : PipelineFixture
{
    /// <summary>Short, so the tests are quick, and long enough for two messages and a restart to fall inside.</summary>
    public const int WindowSeconds = 3;

    protected override void Configure(Dictionary<string, string?> configuration)
    {
        configuration["Email:DelaySeconds"] = WindowSeconds.ToString();
        configuration["Sms:DelaySeconds"] = WindowSeconds.ToString();
        configuration["Push:DelaySeconds"] = WindowSeconds.ToString();
    }
}

[CollectionDefinition(Name)]
public sealed class DelayWindowCollection : ICollectionFixture<DelayWindowFixture>
{
    public const string Name = "delay-window";
}
