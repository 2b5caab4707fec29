using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Notifications.ContractSchemas;
using Notifications.Contracts;

namespace Notifications.Contracts.Tests;

/// <summary>contracts/schemas is what the C# contracts generate now, and covers every message.</summary>
[Trait("Category", "Contract")]
public sealed class SchemaFilesTests
{
    private static readonly SchemaFiles Files = new(RepositoryRoot.Find());

    public static TheoryData<string> ContractNames() => new(ContractTypes.All.Select(type => type.Name));

    [Theory]
    [MemberData(nameof(ContractNames))]
    public void Checked_in_schema_is_what_the_contract_generates(string contractName)
    {
        var problem = Files.Problem(Contract(contractName));
        Assert.True(problem is null, problem);
    }

    [Fact]
    public void No_schema_file_is_left_without_a_contract()
    {
        var orphans = Files.Orphans().Select(Path.GetFileName).ToList();
        Assert.True(orphans.Count == 0,
            $"{string.Join(", ", orphans)} in contracts/schemas name no contract any more: delete them (or add the contract to ContractTypes).");
    }

    /// <summary>
    /// A record is a message when no other contract carries it as a field; every message needs a schema (and a place in
    /// asyncapi.yaml), so a new contract that nobody added to ContractTypes fails here.
    /// </summary>
    [Fact]
    public void Every_message_record_in_the_contracts_has_a_schema()
    {
        var records = typeof(MessagePosted).Assembly.GetExportedTypes()
            .Where(type => type.IsClass && !type.IsAbstract && type.GetMethod("<Clone>$") is not null)
            .ToList();
        var carried = records.SelectMany(record => record.GetProperties()).Select(property => ElementType(property.PropertyType)).ToHashSet();
        var messages = records.Where(record => !carried.Contains(record)).ToHashSet();

        var undocumented = messages.Except(ContractTypes.All).Select(type => type.Name).ToList();
        Assert.True(undocumented.Count == 0,
            $"{string.Join(", ", undocumented)}: message records without a schema. Add them to tests/Notifications.ContractSchemas/ContractTypes.cs, "
            + $"run `{SchemaFiles.RegenerateCommand}` and document them in contracts/asyncapi.yaml.");
        Assert.Empty(ContractTypes.All.Except(messages));
    }

    /// <summary>The exporter lists C# <c>required</c> members in <c>required</c>; this holds it to that, nested records too.</summary>
    [Theory]
    [MemberData(nameof(ContractNames))]
    public void Required_members_are_required_in_the_schema(string contractName)
    {
        var contract = Contract(contractName);
        var schema = JsonNode.Parse(ContractSchema.Generate(contract))!.AsObject();
        AssertRequired(contract, schema, contractName, schema);
    }

    [Fact]
    public void A_changed_contract_is_reported_with_the_file_and_the_command()
    {
        var root = Directory.CreateTempSubdirectory("schemas-").FullName;
        try
        {
            var files = new SchemaFiles(root);
            files.Write().ToList();
            var path = files.PathOf(typeof(PresenceChanged));
            // As if a field had been added to the C# record after the schema was generated.
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"online\"", "\"isOnline\""));

            var problem = files.Problem(typeof(PresenceChanged));

            Assert.NotNull(problem);
            Assert.Contains(Path.Combine("contracts", "schemas", "PresenceChanged.schema.json"), problem);
            Assert.Contains(SchemaFiles.RegenerateCommand, problem);
            Assert.Null(files.Problem(typeof(MessagePosted)));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <param name="root">The whole schema: a type met a second time is a local <c>$ref</c> to its first place in it.</param>
    private static void AssertRequired(Type type, JsonObject schema, string path, JsonObject root)
    {
        schema = Resolve(schema, root);
        var required = (schema["required"]?.AsArray() ?? []).Select(name => name!.GetValue<string>()).Order().ToList();
        var expected = type.GetProperties()
            .Where(property => property.GetCustomAttribute<RequiredMemberAttribute>() is not null)
            .Select(property => JsonNamingPolicy.CamelCase.ConvertName(property.Name)).Order().ToList();
        Assert.True(expected.SequenceEqual(required),
            $"{path}: required is [{string.Join(", ", required)}], the C# required members are [{string.Join(", ", expected)}]");

        foreach (var property in type.GetProperties())
        {
            var element = ElementType(property.PropertyType);
            if (element.Namespace != typeof(MessagePosted).Namespace)
                continue;
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var node = schema["properties"]![name]!.AsObject();
            AssertRequired(element, element == property.PropertyType ? node : Resolve(node, root)["items"]!.AsObject(), $"{path}.{name}", root);
        }
    }

    /// <summary>Follows a local <c>$ref</c> (<c>#/properties/message/properties/sender</c>) to the schema it names.</summary>
    private static JsonObject Resolve(JsonObject schema, JsonObject root)
    {
        if (schema["$ref"]?.GetValue<string>() is not { } reference)
            return schema;
        Assert.StartsWith("#/", reference);
        JsonNode node = root;
        foreach (var part in reference[2..].Split('/'))
            node = node[part] ?? throw new Xunit.Sdk.XunitException($"$ref {reference} points nowhere in the schema");
        return Resolve(node.AsObject(), root);
    }

    private static Type ElementType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0] : type;

    private static Type Contract(string name) => ContractTypes.All.Single(type => type.Name == name);
}
