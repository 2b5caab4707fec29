namespace Notifications.Contracts;

/// <summary>The lower-case role strings used on the wire.</summary>
public static class ParticipantRoles
{
    public const string User = "user";
    public const string Agent = "agent";
    public const string Bot = "bot";
}
