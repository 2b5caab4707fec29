namespace Notifications.IntegrationTests.Running;

/// <summary>
/// The tests that start whole runs (`make run`, `make run-plain`): they bind the fixed ports of the services'
/// launchSettings.json, so they run one at a time, after the parallel collections.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunningCollection
{
    public const string Name = "Whole runs";
}
