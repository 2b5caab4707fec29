using Notifications.WebhookSender.Posting;

namespace Notifications.WebhookSender.Tests;

/// <summary>Which answers are retried and which end in the dead letter at once.</summary>
public sealed class WebhookResponsesTests
{
    [Theory]
    [InlineData(200)]
    [InlineData(202)]
    [InlineData(204)]
    [InlineData(299)]
    public void Two_hundreds_are_delivered(int status) => Assert.Equal(WebhookOutcome.Delivered, WebhookResponses.Classify(status));

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public void Server_errors_request_timeout_and_too_many_requests_are_retried(int status) =>
        Assert.Equal(WebhookOutcome.Transient, WebhookResponses.Classify(status));

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(413)]
    [InlineData(422)]
    public void Other_client_errors_and_redirects_are_permanent(int status) =>
        Assert.Equal(WebhookOutcome.Permanent, WebhookResponses.Classify(status));
}
