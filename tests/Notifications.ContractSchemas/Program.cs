using Notifications.ContractSchemas;

// dotnet run --project tests/Notifications.ContractSchemas -- write   (or: make schemas)
//   rewrites contracts/schemas/*.schema.json from the C# contracts.
// dotnet run --project tests/Notifications.ContractSchemas -- check
//   exits 1 and names every stale file, without writing.
var command = args.FirstOrDefault() ?? "check";
var schemas = new SchemaFiles(RepositoryRoot.Find());
switch (command)
{
    case "write":
        foreach (var path in schemas.Write()) Console.WriteLine($"wrote {path}");
        return 0;
    case "check":
        var stale = schemas.Stale().ToList();
        foreach (var problem in stale) Console.Error.WriteLine(problem);
        return stale.Count == 0 ? 0 : 1;
    default:
        Console.Error.WriteLine("usage: Notifications.ContractSchemas write|check");
        return 2;
}
