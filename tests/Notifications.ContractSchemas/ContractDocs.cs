using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Notifications.ContractSchemas;

/// <summary>
/// The XML doc summaries of the contracts (Notifications.Contracts.xml, built beside the assembly), as plain text
/// for the schemas' descriptions: the C# comments stay the one place a field is explained.
/// </summary>
public sealed partial class ContractDocs
{
    private readonly Dictionary<string, string> _summaries;

    private ContractDocs(Dictionary<string, string> summaries) => _summaries = summaries;

    public static ContractDocs For(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is missing: Notifications.Contracts.csproj must keep GenerateDocumentationFile on.", path);
        var summaries = XDocument.Load(path).Descendants("member")
            .Where(member => member.Element("summary") is not null)
            .ToDictionary(member => (string)member.Attribute("name")!, member => PlainText(member.Element("summary")!));
        return new ContractDocs(summaries);
    }

    public string? OfType(Type type) => _summaries.GetValueOrDefault($"T:{type.FullName}");

    public string? OfProperty(Type declaringType, string propertyName) =>
        _summaries.GetValueOrDefault($"P:{declaringType.FullName}.{propertyName}");

    /// <summary><c>x</c> and <see cref="T:A.B"/> become x and B; whitespace from the comment's layout is folded.</summary>
    private static string PlainText(XElement summary)
    {
        foreach (var see in summary.Descendants("see").ToList())
        {
            var target = (string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? "";
            see.ReplaceWith(target[(target.LastIndexOf('.') + 1)..]);
        }
        return Whitespace().Replace(string.Concat(summary.Nodes().Select(node => node switch { XElement e => e.Value, XText t => t.Value, _ => "" })), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
