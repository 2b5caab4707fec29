using Notifications.Simulator;

return await SimulatorCli.RunAsync(args);
