namespace Notifications.ContractSchemas;

/// <summary>contracts/schemas/{TypeName}.schema.json: writes them, or says which differ from the C# contracts.</summary>
public sealed class SchemaFiles(string repositoryRoot)
{
    public const string RegenerateCommand = "make schemas";

    public string Directory { get; } = Path.Combine(repositoryRoot, "contracts", "schemas");

    public string PathOf(Type contract) => Path.Combine(Directory, $"{contract.Name}.schema.json");

    public IEnumerable<string> Write()
    {
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var contract in ContractTypes.All)
        {
            var path = PathOf(contract);
            File.WriteAllText(path, ContractSchema.Generate(contract));
            yield return path;
        }
    }

    /// <summary>Null when the checked-in file is what the contract generates now; otherwise what is wrong and how to fix it.</summary>
    public string? Problem(Type contract)
    {
        var path = PathOf(contract);
        var relative = Path.GetRelativePath(repositoryRoot, path);
        if (!File.Exists(path))
            return $"{relative} is missing: run `{RegenerateCommand}` and commit it.";
        var expected = ContractSchema.Generate(contract);
        var actual = File.ReadAllText(path).ReplaceLineEndings("\n");
        return actual == expected
            ? null
            : $"{relative} differs from the C# contract {contract.FullName}: run `{RegenerateCommand}` and commit the file.";
    }

    public IEnumerable<string> Stale() => ContractTypes.All.Select(Problem).OfType<string>();

    /// <summary>Schema files of contracts that no longer exist (renamed or removed records).</summary>
    public IEnumerable<string> Orphans()
    {
        var known = ContractTypes.All.Select(PathOf).ToHashSet();
        return System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, "*.schema.json").Where(path => !known.Contains(path))
            : [];
    }
}

/// <summary>The clone's root: the folder that holds Notifications.sln, found upwards from where the program runs.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, System.IO.Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Notifications.sln")))
                    return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("Notifications.sln not found above " + AppContext.BaseDirectory);
    }
}
