using Notifications.ServiceDefaults.Hosting;
using Notifications.Admin;

// A wrong setting exits 78 with one line naming the key; --declare-topology declares the platform's queues and exits.
return await ServiceMain.RunAsync(args, AdminHost.Build);
