using System.Net.Mime;
using System.Runtime.Serialization;
using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;

namespace Notifications.ServiceDefaults.Messaging.BareJson;

/// <summary>
/// Reads an event a platform published as bare JSON (<c>content_type: application/json</c>, no MassTransit envelope):
/// the event's type comes from the AMQP <c>type</c> property (<c>MessagePosted</c>), else from the exchange it was
/// published to (<c>Notifications.Contracts:MessagePosted</c>). The message is then consumed exactly as an enveloped
/// one: the same validation, error queue and traces.
/// </summary>
/// <remarks>
/// Why a deserializer of our own rather than MassTransit's raw JSON one: that one does not read the AMQP <c>type</c>
/// property, so a bare message would be offered to every consumer of the router's queue as every type it consumes
/// (a <c>PresenceChanged</c> read as a <c>MessagePosted</c> with empty fields). One receive endpoint per event type
/// would avoid that too, but at the cost of five queues the platform's events must be split over, and of the
/// single-queue ordering the router relies on. A bare message whose type cannot be told goes to the error queue
/// with a reason that says what to set.
/// </remarks>
public sealed class BareJsonDeserializer : IMessageDeserializer
{
    public static readonly ContentType JsonContentType = new("application/json");

    private const RawSerializerOptions Options = RawSerializerOptions.CopyHeaders;

    public ContentType ContentType => JsonContentType;

    public void Probe(ProbeContext context)
    {
        var scope = context.CreateScope("json");
        scope.Add("contentType", ContentType.MediaType);
        scope.Add("provider", "bare JSON, type from the AMQP type property");
    }

    public ConsumeContext Deserialize(ReceiveContext receiveContext)
    {
        var (type, exchange) = receiveContext is RabbitMqBasicConsumeContext amqp
            ? (amqp.Properties.IsTypePresent() ? amqp.Properties.Type : null, amqp.Exchange)
            : (null, null);
        var urn = ContractTypes.UrnOf(type) ?? (type is null ? ContractTypes.UrnOf(exchange) : null)
            ?? throw new SerializationException(type is null
                ? $"A bare JSON message (content type application/json) needs the AMQP 'type' property set to the event's name, one of {string.Join(", ", ContractTypes.Names)}; it had none and was published to '{exchange}'."
                : $"A bare JSON message names the type '{type}', which is no event of this system; one of {string.Join(", ", ContractTypes.Names)} was expected.");
        return new BodyConsumeContext(receiveContext, Deserialize(receiveContext.Body, receiveContext.TransportHeaders, receiveContext.InputAddress, [urn]));
    }

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null) =>
        Deserialize(body, headers, destinationAddress, headers.GetMessageTypes());

    private SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress, string[] messageTypes)
    {
        JsonElement message;
        try
        {
            var bytes = body.GetBytes();
            message = bytes.Length > 0
                ? JsonSerializer.Deserialize<JsonElement>(bytes, SystemTextJsonMessageSerializer.Options)
                : throw new SerializationException("A bare JSON message has an empty body.");
        }
        catch (JsonException failure)
        {
            // No inner exception: the error queue shows the innermost one's message, and this one names the problem.
            throw new SerializationException($"A bare JSON message is not valid JSON: {failure.Message}");
        }
        if (message.ValueKind != JsonValueKind.Object)
            throw new SerializationException($"A bare JSON message must be a JSON object, not {message.ValueKind}.");

        return new SystemTextJsonRawSerializerContext(SystemTextJsonMessageSerializer.Instance, SystemTextJsonMessageSerializer.Options,
            ContentType, new RawMessageContext(headers, destinationAddress, Options), messageTypes, Options, message);
    }

    public MessageBody GetMessageBody(string text) => new StringMessageBody(text);
}

/// <summary>Adds <see cref="BareJsonDeserializer"/> beside the envelope; what the services send stays enveloped.</summary>
public sealed class BareJsonSerializerFactory : ISerializerFactory
{
    public ContentType ContentType => BareJsonDeserializer.JsonContentType;

    public IMessageSerializer CreateSerializer() => new SystemTextJsonRawMessageSerializer(RawSerializerOptions.CopyHeaders);

    public IMessageDeserializer CreateDeserializer() => new BareJsonDeserializer();
}
