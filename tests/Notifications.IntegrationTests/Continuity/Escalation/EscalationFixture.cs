namespace Notifications.IntegrationTests.Continuity.Escalation;

/// <summary>
/// The whole pipeline for the escalation tests alone (a vhost, key prefix and directory of their own), with
/// <c>Routing:EscalateAfterSeconds=2</c> and no email delay window, so an escalation's email goes out as it is decided.
/// </summary>
public sealed class EscalationFixture : PipelineFixture
{
    public const int EscalateAfterSeconds = 2;

    protected override void Configure(Dictionary<string, string?> configuration)
    {
        configuration["Routing:EscalateAfterSeconds"] = EscalateAfterSeconds.ToString();
        configuration["Email:DelaySeconds"] = "0";
    }
}

[CollectionDefinition(Name)]
public sealed class EscalationCollection : ICollectionFixture<EscalationFixture>
{
    public const string Name = "escalation";
}
