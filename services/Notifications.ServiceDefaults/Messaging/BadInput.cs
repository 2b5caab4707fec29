namespace Notifications.ServiceDefaults.Messaging;

/// <summary>
/// The failures that mean the message itself is wrong: it would fail the same way every time, so it is never retried
/// nor redelivered (it goes to the error queue at once, with its reason), and it says nothing about a dependency, so
/// it never trips a kill switch. The retry, the redelivery and the kill switch all read this one list.
/// </summary>
public static class BadInput
{
    public static readonly Type[] ExceptionTypes =
    [
        typeof(InvalidMessageException),
        typeof(System.Text.Json.JsonException),
        typeof(System.Runtime.Serialization.SerializationException),
    ];

    public static bool Is(Exception failure) => ExceptionTypes.Any(type => type.IsInstanceOfType(failure));
}
