using System.Reflection;
using Microsoft.AspNetCore.Components;

namespace Notifications.Admin.AdminConsole.Layout;

/// <summary>
/// The console's one style sheet and one script (<c>Assets/console.css</c>, <c>Assets/console.js</c>), embedded in
/// the assembly and written inline, so the pages load nothing from anywhere: the CSP allows inline styles and
/// this script by its per-response nonce only. They are written as markup because they are fixed files of this
/// assembly (never data), and HTML-encoding would break them inside <c>&lt;style&gt;</c> and <c>&lt;script&gt;</c>.
/// </summary>
public static class ConsoleAssets
{
    public static MarkupString Style { get; } = Read("console.css");

    /// <summary>
    /// Inserts a merge field at the cursor of the subject or body field last focused. On the template editor,
    /// previews while typing (debounced; the latest answer wins) and names an unknown field before saving; the
    /// Preview button stays for browsers without scripts.
    /// </summary>
    public static MarkupString Script { get; } = Read("console.js");

    private static MarkupString Read(string name)
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("Notifications.Admin.AdminConsole." + name)
            ?? throw new InvalidOperationException($"The console asset {name} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}.");
        using var reader = new StreamReader(stream);
        return new MarkupString(reader.ReadToEnd().TrimEnd());
    }
}
