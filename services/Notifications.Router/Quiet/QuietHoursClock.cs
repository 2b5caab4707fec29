using System.Globalization;
using Notifications.Contracts;

namespace Notifications.Router.Quiet;

/// <summary>
/// The quiet-hours arithmetic: whether an instant falls into a recipient's quiet hours (in their time zone, a range
/// that may cross midnight) and the UTC instant they end. Pure, so DST days are tested without a clock.
/// </summary>
public static class QuietHoursClock
{
    /// <summary>The UTC instant the quiet hours containing <paramref name="now"/> end, or null when <paramref name="now"/> is outside them.</summary>
    /// <remarks>An end that does not exist that day (spring forward) moves to the first valid instant after it; an
    /// ambiguous one (fall back) takes the first of its two instants.</remarks>
    public static DateTimeOffset? EndOfQuietHours(DateTimeOffset now, TimeZoneInfo zone, QuietHours hours)
    {
        var start = Parse(hours.Start);
        var end = Parse(hours.End);
        if (start == end)
            return null;
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        var today = DateOnly.FromDateTime(local);
        var inside = start < end ? time >= start && time < end : time >= start || time < end;
        if (!inside)
            return null;
        // The end is today when the range does not cross midnight or we are past midnight already; tomorrow otherwise.
        var endDay = start < end || time < end ? today : today.AddDays(1);
        return ToUtc(endDay.ToDateTime(end), zone);
    }

    /// <summary>The quiet hours of a participant, when they apply: a time zone (validated when it was upserted) and both times.</summary>
    public static DateTimeOffset? EndOfQuietHours(DateTimeOffset now, ParticipantPreferences? preferences)
    {
        if (preferences?.QuietHours is not { } hours || string.IsNullOrEmpty(preferences.TimeZone))
            return null;
        return TimeZoneInfo.TryFindSystemTimeZoneById(preferences.TimeZone, out var zone) ? EndOfQuietHours(now, zone, hours) : null;
    }

    /// <summary>A local wall-clock time as a UTC instant, across DST gaps (first valid instant after) and overlaps (first instant).</summary>
    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // The first valid local time after the gap (whole minutes, at most a few hours) is the gap's end, in the new offset.
            var firstValid = local;
            while (zone.IsInvalidTime(firstValid))
                firstValid = firstValid.AddMinutes(1);
            firstValid = new DateTime(firstValid.Year, firstValid.Month, firstValid.Day, firstValid.Hour, firstValid.Minute, 0, DateTimeKind.Unspecified);
            return new DateTimeOffset(firstValid, zone.GetUtcOffset(firstValid)).ToUniversalTime();
        }
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            // The first instant is the one with the larger offset (before the clocks went back).
            return new DateTimeOffset(local, offsets.Max()).ToUniversalTime();
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static TimeOnly Parse(string hhmm) => TimeOnly.ParseExact(hhmm, "HH:mm", CultureInfo.InvariantCulture);
}
