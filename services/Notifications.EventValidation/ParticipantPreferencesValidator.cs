using System.Globalization;
using Notifications.Contracts;

namespace Notifications.EventValidation;

/// <summary>
/// The rules of <see cref="ParticipantPreferences"/>: muted conversation ids as ids, a time zone the system knows, quiet
/// hours only with a time zone (they cannot be placed in a day without one) and as <c>HH:mm</c>. Each problem names
/// its field as the platform wrote it (<c>preferences.quietHours.start</c>).
/// </summary>
public static class ParticipantPreferencesValidator
{
    /// <summary>Far more than a person mutes; the list is stored in the directory entry read for every message.</summary>
    public const int MaxMutedConversations = 1000;

    public static string? Problem(ParticipantPreferences? preferences)
    {
        if (preferences is null)
            return null;
        var muted = preferences.MutedConversationIds ?? [];
        if (muted.Count > MaxMutedConversations)
            return $"preferences.mutedConversationIds has {muted.Count} entries; at most {MaxMutedConversations} are accepted.";
        for (var i = 0; i < muted.Count; i++)
            if (IdValidator.Problem(muted[i], $"preferences.mutedConversationIds[{i}]", allowColon: true) is { } id)
                return id;
        if (preferences.TimeZone is { } zone && !IsKnownTimeZone(zone))
            return $"preferences.timeZone \"{IdValidator.Shown(zone)}\" is not a known IANA time zone (for example \"Europe/Paris\").";
        if (preferences.QuietHours is not { } quiet)
            return null;
        if (preferences.TimeZone is null)
            return "preferences.quietHours needs preferences.timeZone: quiet hours are read in the participant's time zone.";
        if (TimeOf(quiet.Start) is not { } start)
            return $"preferences.quietHours.start must be HH:mm (24-hour, 00:00 to 23:59), not \"{IdValidator.Shown(quiet.Start)}\".";
        if (TimeOf(quiet.End) is not { } end)
            return $"preferences.quietHours.end must be HH:mm (24-hour, 00:00 to 23:59), not \"{IdValidator.Shown(quiet.End)}\".";
        if (start == end)
            return "preferences.quietHours.start and end are the same time: the span would be empty (or the whole day); leave quietHours out instead.";
        return null;
    }

    /// <summary>An <c>HH:mm</c> time of day, or null when it is none.</summary>
    public static TimeOnly? TimeOf(string? value) =>
        value is { Length: 5 } && TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    private static bool IsKnownTimeZone(string zone)
    {
        if (string.IsNullOrWhiteSpace(zone) || zone.Length > 64 || zone.Any(char.IsControl))
            return false;
        try
        {
            // IANA ids from the system's tz database (Linux's zoneinfo; Windows maps them through ICU).
            return TimeZoneInfo.FindSystemTimeZoneById(zone) is not null;
        }
        catch (Exception failure) when (failure is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
