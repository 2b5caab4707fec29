using Cronos;

namespace Notifications.Email.Settings;

/// <summary>Parses <c>Email:Digest:Schedule</c>: five fields, or six when the first is seconds.</summary>
public static class DigestSchedule
{
    public static CronExpression? Parse(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
            return null;
        var trimmed = expression.Trim();
        var format = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        return CronExpression.TryParse(trimmed, format, out var cron) ? cron : null;
    }
}
