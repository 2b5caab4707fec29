using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Notifications.ContractSchemas;

namespace Notifications.Contracts.Tests;

/// <summary>contracts/asyncapi.yaml: valid AsyncAPI 3.0 by the AsyncAPI CLI, and complete and truthful against the C# contracts.</summary>
[Trait("Category", "Contract")]
public sealed class AsyncApiDocumentTests
{
    private static readonly string Contracts = Path.Combine(RepositoryRoot.Find(), "contracts");
    private static readonly string DocumentPath = Path.Combine(Contracts, "asyncapi.yaml");
    private static readonly JsonObject Document = AsyncApiYaml.Load(DocumentPath);

    /// <summary>The wire options, strict: an example with a misspelt field, a missing required one or a wrong type fails.</summary>
    private static readonly JsonSerializerOptions Strict = new(ContractSchema.Wire) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public static TheoryData<string> PlatformEvents() => new(ContractTypes.PlatformEvents.Select(type => type.Name));

    public static TheoryData<string> SystemEvents() => new(ContractTypes.SystemEvents.Select(type => type.Name));

    public static TheoryData<string> AllContracts() => new(ContractTypes.All.Select(type => type.Name));

    [Fact]
    public void The_AsyncAPI_CLI_finds_no_error_or_warning()
    {
        var (exitCode, output) = AsyncApiCli.Validate(DocumentPath);
        Assert.True(exitCode == 0, $"contracts/validate-asyncapi.sh exited {exitCode}:\n{output}");
    }

    /// <summary>The validation above could pass for the wrong reason (a CLI that checks nothing): a broken copy must fail.</summary>
    [Fact]
    public void The_AsyncAPI_CLI_fails_a_document_whose_schema_reference_is_broken()
    {
        var copy = Directory.CreateTempSubdirectory("asyncapi-").FullName;
        try
        {
            CopyDirectory(Path.Combine(Contracts, "schemas"), Path.Combine(copy, "schemas"));
            var broken = File.ReadAllText(DocumentPath).Replace("./schemas/PresenceChanged.schema.json", "./schemas/PresenceChange.schema.json");
            File.WriteAllText(Path.Combine(copy, "asyncapi.yaml"), broken);

            var (exitCode, output) = AsyncApiCli.Validate(Path.Combine(copy, "asyncapi.yaml"));

            Assert.True(exitCode != 0, $"the CLI accepted a reference to a missing file:\n{output}");
            Assert.Contains("PresenceChange.schema.json", output);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(PlatformEvents))]
    public void A_platform_event_is_received_from_its_exchange_bare_or_enveloped(string name)
    {
        var channel = AssertExchangeChannel(name);
        Assert.Equal(["Envelope", ""], MessageKinds(channel, name));
        AssertOperation($"receive{name}", "receive", name);

        var bare = Message(name);
        Assert.Equal("application/json", bare["contentType"]!.GetValue<string>());
        Assert.Equal($"./schemas/{name}.schema.json", bare["payload"]!["$ref"]!.GetValue<string>());
        // The AMQP type property that tells the router which contract a bare body is.
        Assert.Equal(name, bare["bindings"]!["amqp"]!["messageType"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(SystemEvents))]
    public void A_system_event_is_published_to_its_exchange_in_the_envelope(string name)
    {
        var channel = AssertExchangeChannel(name);
        Assert.Equal(["Envelope"], MessageKinds(channel, name));
        AssertOperation($"send{name}", "send", name);
    }

    [Fact]
    public void Every_command_has_its_internal_durable_queue()
    {
        var queues = new Dictionary<string, string>
        {
            ["SendEmail"] = "send-email", ["SendSms"] = "send-sms", ["SendPush"] = "send-push", ["SendRealtimeNotification"] = "send-realtime",
            ["TwilioWebhookReceived"] = "sms-webhooks",
        };
        Assert.Equal(ContractTypes.Commands.Select(type => type.Name).Order(), queues.Keys.Order());
        foreach (var (command, queue) in queues)
        {
            var channel = Document["channels"]![queue]!;
            Assert.Equal(queue, channel["address"]!.GetValue<string>());
            Assert.Equal("internal", channel["tags"]![0]!["name"]!.GetValue<string>());
            var binding = channel["bindings"]!["amqp"]!;
            Assert.Equal("queue", binding["is"]!.GetValue<string>());
            Assert.True(binding["queue"]!["durable"]!.GetValue<bool>(), $"{queue} must be durable");
            Assert.Equal(["Envelope"], MessageKinds(channel, command));
        }
    }

    [Theory]
    [MemberData(nameof(AllContracts))]
    public void The_envelope_names_the_contract_and_carries_its_schema(string name)
    {
        var envelope = Message($"{name}Envelope");
        Assert.Equal("application/vnd.masstransit+json", envelope["contentType"]!.GetValue<string>());
        var specific = envelope["payload"]!["allOf"]![1]!["properties"]!;
        Assert.Equal($"./schemas/{name}.schema.json", specific["message"]!["$ref"]!.GetValue<string>());
        Assert.Equal($"urn:message:Notifications.Contracts:{name}", specific["messageType"]!["contains"]!["const"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(Contracts, "schemas", $"{name}.schema.json")));
    }

    /// <summary>Every example reads into its C# contract with the wire options: what a newcomer copies is accepted.</summary>
    [Theory]
    [MemberData(nameof(AllContracts))]
    public void Every_example_is_a_valid_message(string name)
    {
        var contract = ContractTypes.All.Single(type => type.Name == name);
        var payloads = new List<(string Where, JsonNode Body)>();
        foreach (var example in Message($"{name}Envelope")["examples"]!.AsArray())
        {
            var envelope = example!["payload"]!;
            var where = $"{name}Envelope example {example["name"]}";
            Assert.True(Guid.TryParse(envelope["messageId"]?.GetValue<string>(), out _), $"{where}: messageId must be a GUID");
            Assert.Equal($"urn:message:Notifications.Contracts:{name}", envelope["messageType"]![0]!.GetValue<string>());
            payloads.Add((where, envelope["message"]!));
        }
        if (Document["components"]!["messages"]![name] is { } bare)
            payloads.AddRange(bare["examples"]!.AsArray().Select(example => ($"{name} example {example!["name"]}", example["payload"]!)));

        Assert.NotEmpty(payloads);
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Contracts, "schemas", $"{name}.schema.json")))!;
        foreach (var (where, body) in payloads)
        {
            try
            {
                Assert.NotNull(body.Deserialize(contract, Strict));
            }
            catch (JsonException e)
            {
                Assert.Fail($"{where} is not a valid {name}: {e.Message}");
            }
            // The deserializer takes any string; the schema's enums (roles, platforms, visibility) are checked here.
            AssertEnums(body, schema, where);
        }
    }

    [Fact]
    public void Only_contracts_that_exist_are_documented()
    {
        var messages = Document["components"]!["messages"]!.AsObject().Select(pair => ContractOf(pair.Key)).ToHashSet();
        Assert.Equal(ContractTypes.All.Select(type => type.Name).Order(), messages.Order());
    }

    private static void AssertEnums(JsonNode? value, JsonNode schema, string where)
    {
        if (schema["enum"] is JsonArray allowed)
            Assert.True(allowed.Any(option => JsonNode.DeepEquals(option, value)), $"{where}: {value?.ToJsonString() ?? "null"} is not one of {allowed.ToJsonString()}");
        switch (value)
        {
            case JsonObject obj when schema["properties"] is JsonObject properties:
                foreach (var (key, child) in obj)
                {
                    if (properties[key] is { } childSchema)
                        AssertEnums(child, childSchema, $"{where}.{key}");
                }
                break;
            case JsonArray array when schema["items"] is { } items:
                foreach (var item in array)
                    AssertEnums(item, items, $"{where}[]");
                break;
        }
    }

    /// <summary>A platform without AMQP reads the same events from its webhook: each has its message on the webhook channel.</summary>
    [Theory]
    [MemberData(nameof(SystemEvents))]
    public void A_system_event_is_also_documented_as_the_webhook_the_platform_receives(string name)
    {
        var channel = Document["channels"]!["platformWebhook"]!;
        Assert.Equal("#/servers/platformWebhook", channel["servers"]![0]!["$ref"]!.GetValue<string>());
        Assert.Equal($"#/components/messages/{name}Webhook", channel["messages"]![$"{name}Webhook"]?["$ref"]?.GetValue<string>());
        var message = Message($"{name}Webhook");
        Assert.Equal("application/json", message["contentType"]!.GetValue<string>());
        var typed = message["payload"]!["allOf"]![1]!["properties"]!;
        Assert.Equal(name, typed["type"]!["const"]!.GetValue<string>());
        Assert.Equal($"./schemas/{name}.schema.json", typed["data"]!["$ref"]!.GetValue<string>());
        Assert.Contains(Document["operations"]!["postWebhook"]!["messages"]!.AsArray(),
            m => m!["$ref"]!.GetValue<string>() == $"#/channels/platformWebhook/messages/{name}Webhook");
    }

    /// <summary>The contract a message documents: its key less the form's suffix (the envelope, the webhook).</summary>
    private static string ContractOf(string messageKey) =>
        messageKey.EndsWith("Envelope", StringComparison.Ordinal) ? messageKey[..^"Envelope".Length]
        : messageKey.EndsWith("Webhook", StringComparison.Ordinal) ? messageKey[..^"Webhook".Length]
        : messageKey;

    private static JsonNode AssertExchangeChannel(string name)
    {
        var channel = Document["channels"]![name]!;
        var exchange = $"Notifications.Contracts:{name}";
        Assert.Equal(exchange, channel["address"]!.GetValue<string>());
        var binding = channel["bindings"]!["amqp"]!["exchange"]!;
        Assert.Equal(exchange, binding["name"]!.GetValue<string>());
        Assert.Equal("fanout", binding["type"]!.GetValue<string>());
        Assert.True(binding["durable"]!.GetValue<bool>(), $"{exchange} must be durable");
        return channel;
    }

    /// <summary>The channel's messages as the suffixes after the contract's name: "" for bare JSON, "Envelope".</summary>
    private static string[] MessageKinds(JsonNode channel, string name) =>
        channel["messages"]!.AsObject().Select(pair =>
        {
            Assert.Equal($"#/components/messages/{pair.Key}", pair.Value!["$ref"]!.GetValue<string>());
            Assert.StartsWith(name, pair.Key);
            return pair.Key[name.Length..];
        }).OrderDescending().ToArray();

    private static void AssertOperation(string id, string action, string channel)
    {
        var operation = Document["operations"]![id];
        Assert.True(operation is not null, $"operation {id} is missing");
        Assert.Equal(action, operation["action"]!.GetValue<string>());
        Assert.Equal($"#/channels/{channel}", operation["channel"]!["$ref"]!.GetValue<string>());
    }

    private static JsonObject Message(string key) =>
        Document["components"]!["messages"]![key]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"components.messages.{key} is missing");

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
