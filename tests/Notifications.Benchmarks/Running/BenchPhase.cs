using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.Benchmarks.Running;

/// <summary>
/// One benchmark of the run: its name on the command line, the longest it may take before it is recorded as
/// failed, and what it measures.
/// </summary>
public sealed record BenchPhase(string Name, TimeSpan Limit, Func<TestEnvironment, BenchReport, Task> Run);
