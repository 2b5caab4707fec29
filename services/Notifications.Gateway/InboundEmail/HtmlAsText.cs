using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit.Text;

namespace Notifications.Gateway.InboundEmail;

/// <summary>
/// The text of an HTML-only reply, as a reader sees it: block elements and <c>br</c> end a line, the content of
/// <c>head</c>, <c>style</c> and <c>script</c> is left out, character references are decoded. Enough for a chat
/// message; layout (tables, lists) is not kept.
/// </summary>
public static partial class HtmlAsText
{
    private static readonly HashSet<string> LineBreaking = new(StringComparer.OrdinalIgnoreCase)
    {
        "br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "table", "ul", "ol",
    };

    private static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase) { "head", "style", "script", "title" };

    public static string Convert(string html)
    {
        var text = new StringBuilder();
        var hiddenDepth = 0;
        var tokenizer = new HtmlTokenizer(new StringReader(html));
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when Hidden.Contains(tag.Name):
                    if (!tag.IsEmptyElement)
                        hiddenDepth = Math.Max(0, hiddenDepth + (tag.IsEndTag ? -1 : 1));
                    break;
                case HtmlTagToken tag when LineBreaking.Contains(tag.Name):
                    // <p>a</p><p>b</p> gives a, b on lines of their own, not with a blank line after every element.
                    if (tag.Name.Equals("br", StringComparison.OrdinalIgnoreCase) || (text.Length > 0 && text[^1] != '\n'))
                        text.Append('\n');
                    break;
                // The source's line breaks between two blocks are not a line of the text.
                case HtmlDataToken data when hiddenDepth == 0 && (data.Data.Trim().Length > 0 || (text.Length > 0 && text[^1] != '\n')):
                    text.Append(Collapsed(WebUtility.HtmlDecode(data.Data)));
                    break;
            }
        }
        // Source indentation and spaces around a tag are not part of the text.
        return string.Join('\n', text.ToString().Split('\n').Select(line => line.Trim()));
    }

    // HTML's white space: runs of spaces and newlines in the source are one space on screen.
    private static string Collapsed(string data) => Whitespace().Replace(data, " ").Replace('\u00a0', ' ');

    [GeneratedRegex(@"[ \t\r\n]+")]
    private static partial Regex Whitespace();
}
