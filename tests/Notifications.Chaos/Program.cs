using Notifications.Chaos;

return await ChaosRun.RunAsync();
