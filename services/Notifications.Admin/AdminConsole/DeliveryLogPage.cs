using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Notifications.SharedState.DeliveryLog;
using static Notifications.Admin.AdminConsole.ConsoleHtml;

namespace Notifications.Admin.AdminConsole;

/// <summary>
/// <c>/console/log</c>: the recent notifications on every channel with their outcome (delivered, failed with the
/// reason, suppressed with the reason), time and trace id, filtered by conversation and recipient.
/// </summary>
public static class DeliveryLogPage
{
    private const int Shown = 200;

    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/log", async (HttpContext context, DeliveryLogStore log, IOptions<DeliveryLogOptions> options,
            string? conversation, string? recipient) =>
        {
            conversation = conversation?.Trim();
            recipient = recipient?.Trim();
            var entries = await log.ReadAsync(conversation, recipient, Shown);
            var rows = new StringBuilder();
            foreach (var entry in entries)
            {
                rows.Append($"""
                    <tr class="entry outcome-{E(entry.Outcome)}"><td>{E(entry.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))} UTC</td>
                    <td>{E(entry.Channel)}</td><td class="mono">{E(entry.RecipientId)}</td>
                    <td class="outcome"><strong>{E(entry.Outcome)}</strong>{Detail(entry)}</td>
                    <td class="mono"><a href="/console/log?conversation={Uri.EscapeDataString(entry.ConversationId)}">{E(entry.ConversationId)}</a></td>
                    <td class="mono">{E(entry.TraceId)}</td></tr>
                    """);
            }
            var body = $"""
                <form class="card" method="get" action="/console/log">
                  <div class="grid">
                    <div><label for="conversation">Conversation id</label><input type="text" id="conversation" name="conversation" value="{E(conversation)}"></div>
                    <div><label for="recipient">Recipient id</label><input type="text" id="recipient" name="recipient" value="{E(recipient)}"></div>
                  </div>
                  <button type="submit" id="filter">Filter</button> <a href="/console/log">Clear</a>
                </form>
                <section>
                  <p><small>The newest {Shown} matching outcomes; the log keeps the last {options.Value.DeliveryLogMaxEntries} of all (<code>Console:DeliveryLogMaxEntries</code>).</small></p>
                  {(entries.Count == 0 ? "<p id=\"log-empty\">No notifications match.</p>" : $"""
                  <div class="table"><table id="log"><thead><tr><th>Time</th><th>Channel</th><th>Recipient</th><th>Outcome</th><th>Conversation</th><th>Trace id</th></tr></thead>
                  <tbody>{rows}</tbody></table></div>
                  """)}
                </section>
                """;
            return Page(context, "Delivery log", body, "log");
        });
    }

    private static string Detail(DeliveryLogEntry entry) => entry.Outcome switch
    {
        DeliveryLogEntry.Delivered => $"<br>via {E(entry.Detail)}",
        DeliveryLogEntry.Failed => $"<br><span class=\"reason\">{E(entry.Detail)}</span>{(entry.Note is null ? "" : $" ({E(entry.Note)})")}",
        _ => $"<br><span class=\"reason\">{E(entry.Detail)}</span>{(entry.Note is null ? "" : $" (rule {E(entry.Note)})")}",
    };
}
