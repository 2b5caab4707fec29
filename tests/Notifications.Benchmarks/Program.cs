using Notifications.Benchmarks;
using Notifications.Benchmarks.Floor;

// The benchmark starts itself once more, as a process of its own, for the floor's relays.
return args is [FloorRelays.Role]
    ? await FloorRelays.RunAsync()
    : await BenchmarkRunner.RunAsync(args);
