using MimeKit;

namespace Notifications.Email.Composition;

/// <summary>Syntax check of a bare address (<c>local@domain</c>), as accepted for a recipient or sender.</summary>
public static class EmailAddress
{
    public static bool IsValid(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Length > 320 || address.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            return false;

        // MimeKit also parses display names, groups and lists: insist on exactly the bare address it was given.
        if (!MailboxAddress.TryParse(address, out var mailbox) || mailbox.Address != address)
            return false;

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
            return false;

        // A dotless domain only makes sense for local test setups.
        var domain = address[(at + 1)..];
        return domain.Contains('.') || domain.Equals("localhost", StringComparison.OrdinalIgnoreCase);
    }
}
