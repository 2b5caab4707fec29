using Notifications.Chaos;

// `make scale` runs the scale-out proof; anything else (`make chaos`) the chaos run.
return args is ["scale", ..] ? await ScaleRun.RunAsync() : await ChaosRun.RunAsync();
