namespace Notifications.EventValidation;

/// <summary>
/// The one rule for ids and names wherever the platform's events bring them in (docs/bad-input.md, "Ids and sizes").
/// Ids become parts of Redis keys, notification ids and file names, so every id is 1 to <see cref="MaxIdLength"/>
/// characters without control characters (no CR/LF). Message, participant and department ids also have no ':':
/// their keys have suffixes (<c>presence:{id}:devices</c>, shared with the platform's heartbeats and so not ours to
/// escape; <c>department:{id}:agents</c>; <c>takeover-held:{id}:claim</c>), and <c>alice:devices</c> would name
/// alice's device set. Conversation ids keep ':' (their keys have no suffix).
/// </summary>
public static class IdValidator
{
    public const int MaxIdLength = 200;

    /// <summary>Display names (participants, message senders): long enough for any real name, short enough for a subject line.</summary>
    public const int MaxNameLength = 200;

    /// <summary>What is wrong with the id in <paramref name="field"/>, or null.</summary>
    /// <param name="allowColon">True only for ids whose keys have no suffix (conversation ids).</param>
    public static string? Problem(string? id, string field, bool allowColon = false)
    {
        if (string.IsNullOrWhiteSpace(id))
            return $"{field} is required.";
        if (id.Length > MaxIdLength)
            return $"{field} is {id.Length} characters long; at most {MaxIdLength} are accepted.";
        if (id.Any(char.IsControl))
            return $"{field} contains control characters.";
        if (!allowColon && id.Contains(':'))
            return $"{field} contains ':', which would break the Redis key layout; use another separator.";
        return null;
    }

    /// <summary>
    /// An id as a reason quotes it: at most 64 characters, control characters as '?', so a 5,000-character or CR/LF id
    /// neither pushes the reason out of the error queue's header nor forges a log line.
    /// </summary>
    public static string Shown(string? id)
    {
        if (id is null)
            return "(no id)";
        var printable = new string(id.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return printable.Length <= 64 ? printable : printable[..63] + "…";
    }

    /// <summary>What is wrong with the name in <paramref name="field"/> (null is not: it gets a fallback where it is shown).</summary>
    public static string? NameProblem(string? name, string field, int maxLength = MaxNameLength) =>
        name is not null && name.Length > maxLength ? $"{field} is {name.Length} characters long; at most {maxLength} are accepted." : null;
}
