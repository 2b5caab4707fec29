using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Options;
using Notifications.EventValidation;
using Notifications.Signing;

namespace Notifications.Gateway.Ingest;

/// <summary>
/// <c>POST /events/{EventName}</c>: a signed bare event, published to the broker as if the platform had published it.
/// Every answer is true: 202 only after the broker confirmed the publish (nothing accepted is lost), 503 while it
/// cannot (the platform retries), 400/401/404/413 for what no retry would fix, each naming what is wrong.
/// </summary>
public static class IngestEndpoint
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { RespectNullableAnnotations = true };

    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The same Routing:MaxMessageLength and Routing:MaxAttachments as the router.
        builder.Services.AddOptions<MessageLimits>().BindConfiguration(MessageLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<IngestNotice>();
        return builder;
    }

    public static void MapIngest(this WebApplication app) => app.MapPost("/events/{eventName}", AcceptAsync);

    private static async Task<IResult> AcceptAsync(string eventName, HttpContext http, IOptions<IngestOptions> options,
        IOptions<MessageLimits> limits, IPublishEndpoint broker, TimeProvider clock, ILoggerFactory loggers)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.SigningKey))
            return Error(StatusCodes.Status401Unauthorized, "The ingest is not configured (Ingest:SigningKey is unset): it refuses every request.");
        if (!IngestEvents.ByName.TryGetValue(eventName, out var eventType))
            return Error(StatusCodes.Status404NotFound, $"'{eventName}' is no event of this system; post one of {string.Join(", ", IngestEvents.ByName.Keys)}.");

        var body = await RequestBody.ReadAsync(http.Request, settings.MaxBodyBytes, http.RequestAborted);
        if (body is null)
            return Error(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {settings.MaxBodyBytes} bytes (Ingest:MaxBodyBytes).");

        if (RequestSignature.Problem(settings.SigningKey, http.Request.Headers[RequestSignature.TimestampHeader], http.Request.Headers[RequestSignature.SignatureHeader],
                body, clock.GetUtcNow(), TimeSpan.FromSeconds(settings.MaxClockSkewSeconds)) is { } unauthentic)
            return Error(StatusCodes.Status401Unauthorized, unauthentic);

        object? message;
        try
        {
            message = JsonSerializer.Deserialize(body, eventType, Json);
        }
        catch (JsonException failure)
        {
            return Error(StatusCodes.Status400BadRequest, $"The body is not a valid {eventName}: {IngestProblems.Describe(failure)}");
        }
        if (message is null)
            return Error(StatusCodes.Status400BadRequest, $"Invalid {eventName}: the body is null.");
        // The router's own rules (Notifications.EventValidation): what it would only put in its error queue, the
        // platform hears of in the answer.
        if (PlatformEventValidators.ProblemOf(message, limits.Value) is { } invalid)
            return Error(StatusCodes.Status400BadRequest, invalid);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.PublishTimeoutSeconds));
        try
        {
            // MassTransit waits for the broker's publisher confirm before this returns.
            await broker.Publish(message, eventType, timeout.Token);
        }
        catch (Exception failure) when (!http.RequestAborted.IsCancellationRequested)
        {
            loggers.CreateLogger(typeof(IngestEndpoint)).LogWarning("Could not publish {Event} to the broker ({Error}); answered 503", eventName, failure.GetType().Name);
            http.Response.Headers.RetryAfter = "5";
            return Error(StatusCodes.Status503ServiceUnavailable, "The broker did not confirm the event in time; nothing was accepted: retry later.");
        }
        return Results.Json(new { accepted = eventName }, statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult Error(int status, string reason) => Results.Json(new { error = reason }, statusCode: status);
}
