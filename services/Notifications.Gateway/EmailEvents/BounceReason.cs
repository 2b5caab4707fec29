using System.Text.RegularExpressions;
using Notifications.Delivery;

namespace Notifications.Gateway.EmailEvents;

/// <summary>
/// The status and diagnostic of a late bounce as its reason says them: <c>{status}; {diagnostic}</c>, for example
/// <c>5.1.1; smtp; 550 5.1.1 User unknown</c>. The diagnostic is a remote server's text, which often quotes the address
/// it refused, so it is masked (<see cref="PersonalDataRedaction"/>); the status is kept only when it is an RFC 3463
/// code, and set apart by the semicolon so the masking of digit runs never takes "5.1.1 550" for a phone number.
/// </summary>
public static partial class BounceReason
{
    public static string Of(string? status, string? diagnostic)
    {
        var code = (status ?? "").Trim();
        if (code.Length > 0 && !EnhancedStatus().IsMatch(code))
            code = PersonalDataRedaction.Redact(code);
        var text = PersonalDataRedaction.Redact(string.Join(' ', (diagnostic ?? "").Split(['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries)));
        if (text.Length > MaxDiagnosticLength)
            text = text[..MaxDiagnosticLength] + "…";
        return (code.Length, text.Length) switch
        {
            (0, 0) => "no status given",
            (0, _) => text,
            (_, 0) => code,
            _ => $"{code}; {text}",
        };
    }

    /// <summary>Diagnostics are a line or two; a server that sends a page is cut, as the reason is logged and published.</summary>
    private const int MaxDiagnosticLength = 500;

    [GeneratedRegex(@"^[245]\.\d{1,3}\.\d{1,3}$")]
    private static partial Regex EnhancedStatus();
}
