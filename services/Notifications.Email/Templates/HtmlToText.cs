using System.Net;
using System.Text.RegularExpressions;

namespace Notifications.Email.Templates;

/// <summary>
/// Derives the text part of an HTML email from its rendered HTML. Merged values were escaped in the HTML, so
/// decoding the entities here gives back the original chat text exactly (a "&lt;" typed by a user stays "&lt;").
/// </summary>
public static partial class HtmlToText
{
    public static string Convert(string html)
    {
        var text = InvisibleBlocks().Replace(html, "");
        text = LineBreak().Replace(text, "\n");
        text = Link().Replace(text, match =>
        {
            var href = WebUtility.HtmlDecode(match.Groups["href"].Value);
            var label = WebUtility.HtmlDecode(Tag().Replace(match.Groups["label"].Value, ""));
            if (string.IsNullOrWhiteSpace(href)) return label;
            return string.IsNullOrWhiteSpace(label) || label == href ? href : $"{label}: {href}";
        });
        text = ListItem().Replace(text, "\n- ");
        text = BlockEnd().Replace(text, "\n\n");
        text = Tag().Replace(text, "");
        return WebUtility.HtmlDecode(text);
    }

    [GeneratedRegex(@"<(script|style|head)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex InvisibleBlocks();

    [GeneratedRegex(@"<br\s*/?>\r?\n?", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"<a\b[^>]*?\bhref\s*=\s*""(?<href>[^""]*)""[^>]*>(?<label>.*?)</a\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Link();

    [GeneratedRegex(@"<li\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ListItem();

    [GeneratedRegex(@"</(p|div|ul|ol|blockquote|h[1-6]|tr|table)\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();
}
