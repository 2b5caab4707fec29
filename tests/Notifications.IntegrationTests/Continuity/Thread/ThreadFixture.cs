using Notifications.IntegrationTests.Continuity.Bounces;

namespace Notifications.IntegrationTests.Continuity.Thread;

/// <summary>
/// The whole pipeline (router, senders, gateway, admin) on a vhost and key prefix of its own, with the reply domain
/// set, so each email gets its VERP bounce address and the gateway reads the DSNs piped to it, and no email delay
/// window, so an email goes out under its own notification id as it is decided.
/// </summary>
public sealed class ThreadFixture : PipelineFixture
{
    protected override void Configure(Dictionary<string, string?> configuration)
    {
        configuration["Email:DelaySeconds"] = "0";
        configuration["Email:ReplyDomain"] = BounceFixture.ReplyDomain;
        configuration["Email:ReplySigningKey"] = BounceFixture.SigningKey;
        configuration["Email:Inbound:SharedSecret"] = BounceFixture.InboundSecret;
    }
}

[CollectionDefinition(Name)]
public sealed class ThreadCollection : ICollectionFixture<ThreadFixture>
{
    public const string Name = "thread";
}
