using Notifications.Benchmarks;

return await BenchmarkRunner.RunAsync(args);
