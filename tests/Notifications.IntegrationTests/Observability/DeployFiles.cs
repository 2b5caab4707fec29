using YamlDotNet.RepresentationModel;

namespace Notifications.IntegrationTests.Observability;

/// <summary>Reads the repository's deployment files (compose, Kubernetes, the Dockerfile) for the deploy checks.</summary>
public static class DeployFiles
{
    public static readonly string Root = FindRoot();

    /// <summary>Every document of every manifest under deploy/k8s.</summary>
    public static List<YamlMappingNode> Kubernetes() =>
        Directory.EnumerateFiles(Path.Combine(Root, "deploy", "k8s"), "*.yaml")
            .SelectMany(f => Load(Path.GetRelativePath(Root, f))).Select(d => (YamlMappingNode)d.RootNode).ToList();

    public static string KindOf(YamlMappingNode document) => ((YamlScalarNode)document["kind"]).Value!;

    public static string NameOf(YamlMappingNode document) => ((YamlScalarNode)((YamlMappingNode)document["metadata"])["name"]).Value!;

    /// <summary>The child at <paramref name="path"/>, or null where a step is missing.</summary>
    public static YamlNode? At(YamlNode node, params string[] path)
    {
        foreach (var step in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(step), out var child))
                return null;
            node = child;
        }
        return node;
    }

    public static string? ScalarAt(YamlNode node, params string[] path) => (At(node, path) as YamlScalarNode)?.Value;

    public static List<YamlDocument> Load(string relativePath)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, relativePath));
        yaml.Load(reader);
        return [.. yaml.Documents];
    }

    /// <summary>Every key with a scalar value, at any depth (aliases resolve to their anchors' nodes).</summary>
    public static IEnumerable<(string Key, string Value)> Scalars(IEnumerable<YamlNode> nodes)
    {
        var pending = new Stack<YamlNode>(nodes);
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        while (pending.TryPop(out var node))
        {
            if (!seen.Add(node))
                continue;
            switch (node)
            {
                case YamlMappingNode mapping:
                    foreach (var (key, value) in mapping.Children)
                    {
                        if (key is YamlScalarNode { Value: { } k } && value is YamlScalarNode { Value: { } v })
                            yield return (k, v);
                        else
                            pending.Push(value);
                    }
                    break;
                case YamlSequenceNode sequence:
                    foreach (var item in sequence.Children)
                        pending.Push(item);
                    break;
            }
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Notifications.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("Notifications.sln not found above " + AppContext.BaseDirectory);
    }

}
