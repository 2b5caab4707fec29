namespace Notifications.IntegrationTests.Preferences;

/// <summary>
/// The whole pipeline for the preference tests alone: their agents join departments and stay in the directory, and in
/// the shared pipeline they would be among the "every offline agent" of the other tests' rows (A3).
/// </summary>
public sealed class PreferencesFixture : PipelineFixture;

[CollectionDefinition(Name)]
public sealed class PreferencesCollection : ICollectionFixture<PreferencesFixture>
{
    public const string Name = "preferences";
}
