using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Notifications.ServiceDefaults.Health;

/// <summary>
/// The readiness answer as text: the overall status on the first line (as the default writer gives it), then one line
/// per check that is not healthy with its reason, so an operator sees why a pod is out of rotation. Reasons are
/// written by our checks and name keys and documents, never their values.
/// </summary>
public static class HealthReportText
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder(report.Status.ToString());
        foreach (var (name, entry) in report.Entries.Where(entry => entry.Value.Status != HealthStatus.Healthy))
            text.Append('\n').Append(name).Append(": ").Append(entry.Status).Append(" - ").Append(entry.Description ?? entry.Exception?.GetType().Name ?? "no reason given");
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }
}
