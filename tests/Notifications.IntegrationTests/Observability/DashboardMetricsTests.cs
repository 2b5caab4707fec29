using System.Text.Json;
using YamlDotNet.RepresentationModel;
using static Notifications.IntegrationTests.Observability.DeployFiles;

namespace Notifications.IntegrationTests.Observability;

/// <summary>
/// Every metric a Grafana panel (deploy/grafana/dashboards) or a Prometheus alert (deploy/prometheus/alerts.yml)
/// queries is one the code emits, or one of RabbitMQ's that Prometheus scrapes: a renamed instrument or a misspelt
/// query would otherwise leave a panel empty, or an alert that never fires, with nothing to say so. And the panels
/// an SRE opens first in an incident are there.
/// </summary>
public sealed class DashboardMetricsTests
{
    /// <summary>
    /// What rabbitmq_prometheus serves on /metrics/detailed for each family Prometheus may ask for (its collector,
    /// prometheus_rabbitmq_core_metrics_collector.erl, RabbitMQ 4.x), with the rabbitmq_detailed_ prefix.
    /// </summary>
    private static readonly Dictionary<string, string[]> RabbitMqDetailedFamilies = new()
    {
        ["queue_coarse_metrics"] = ["rabbitmq_detailed_queue_messages_ready", "rabbitmq_detailed_queue_messages_unacked",
            "rabbitmq_detailed_queue_messages", "rabbitmq_detailed_queue_process_reductions_total", "rabbitmq_detailed_queue_info"],
        ["queue_consumer_count"] = ["rabbitmq_detailed_queue_consumers", "rabbitmq_detailed_queue_info"],
    };

    [Fact]
    public void EveryMetricThePanelsAndAlertsQuery_IsEmitted()
    {
        var unknown = Unknown(Queries(), Available());
        Assert.True(unknown.Count == 0, "queried but emitted by nothing:\n" + string.Join("\n", unknown));
    }

    /// <summary>The check above could pass for the wrong reason (an extractor that finds nothing): a misspelt query must fail it.</summary>
    [Fact]
    public void A_query_of_a_metric_nothing_emits_is_listed()
    {
        var queries = Queries().Append(("deploy/grafana/dashboards/copy.json: Misspelt",
            "sum by (notification_channel) (rate(notifications_sendt_total{notification_channel=\"email\"}[$__rate_interval])) / on (job) rabbitmq_detailed_queue_consumer_count"));

        var unknown = Unknown(queries, Available());

        Assert.Equal(["deploy/grafana/dashboards/copy.json: Misspelt: notifications_sendt_total", "deploy/grafana/dashboards/copy.json: Misspelt: rabbitmq_detailed_queue_consumer_count"], unknown);
    }

    [Fact]
    public void PromQl_metric_names_leave_out_functions_labels_ranges_and_variables()
    {
        var names = PromQlMetricNames.Of(
            "histogram_quantile(0.95, sum by (le, notification_provider) (rate(notifications_provider_duration_seconds_bucket{notification_outcome=\"failed\", x=~\"a|b\"}[$__rate_interval] offset 5m)))"
            + " > bool 0 and on (job) max without (instance) (up) or vector(0)");
        Assert.Equal(["notifications_provider_duration_seconds_bucket", "up"], names.Order());
    }

    [Fact]
    public void TheCodesInstruments_HaveTheirPrometheusNames()
    {
        var names = EmittedMetrics.PrometheusNames();
        foreach (var expected in new[]
                 {
                     "notifications_sent_total", "notifications_delivery_latency_seconds_bucket", "notifications_rate_limit_waits_total",
                     "notifications_rate_limit_pauses_total", "notifications_rate_limit_wait_duration_seconds_bucket", "notifications_digest_pending",
                     "notifications_consumer_kill_switch_stopped", "notifications_consumer_stalled",
                 })
            Assert.Contains(expected, names);
    }

    [Fact]
    public void TheDashboard_HasThePanelsAnSreOpensFirst()
    {
        var expressions = Queries().Where(q => q.Where.StartsWith("deploy/grafana", StringComparison.Ordinal)).Select(q => q.Expression).ToList();
        Assert.Contains(expressions, e => e.Contains("rabbitmq_detailed_queue_messages{") && e.Contains("by (queue)"));
        Assert.Contains(expressions, e => e.Contains("rabbitmq_detailed_queue_consumers") && e.Contains("by (queue)"));
        Assert.Contains(expressions, e => e.Contains("rabbitmq_detailed_queue_messages{queue=~\".+_error\"}"));
        Assert.Contains(expressions, e => e.Contains("notifications_rate_limit_waits_total") && e.Contains("notification_provider"));
        Assert.Contains(expressions, e => e.Contains("notifications_rate_limit_pauses_total"));
        Assert.Contains(expressions, e => e.Contains("notifications_digest_pending"));
        Assert.Contains(expressions, e => e.Contains("notifications_consumer_kill_switch_stopped") && e.Contains("job") && e.Contains("messaging_destination_name"));
    }

    [Fact]
    public void AnErrorQueueHoldingAMessage_IsAnAlert()
    {
        var rules = AlertRules().ToDictionary(r => r.Name, r => r);
        Assert.True(rules.TryGetValue("NotificationsErrorQueueNotEmpty", out var alert), "no NotificationsErrorQueueNotEmpty rule in deploy/prometheus/alerts.yml");
        Assert.Contains("rabbitmq_detailed_queue_messages{queue=~\".+_error\"}", alert.Expression);
        Assert.EndsWith("> 0", alert.Expression.Trim());
        // Prometheus loads the file, and scrapes RabbitMQ for the metric it reads.
        var prometheus = (YamlMappingNode)Load("deploy/prometheus/prometheus.yml")[0].RootNode;
        Assert.Contains("/etc/prometheus/alerts.yml", ((YamlSequenceNode)prometheus["rule_files"]).Children.Select(c => ((YamlScalarNode)c).Value));
        Assert.Contains("queue_coarse_metrics", ScrapedRabbitMqFamilies());
    }

    /// <summary>"where: metric" for each metric name an expression selects that is not available.</summary>
    private static List<string> Unknown(IEnumerable<(string Where, string Expression)> queries, HashSet<string> available) =>
        queries.SelectMany(q => PromQlMetricNames.Of(q.Expression).Where(name => !available.Contains(name)).Order().Select(name => $"{q.Where}: {name}"))
            .Distinct().ToList();

    /// <summary>The code's instruments, and RabbitMQ's detailed metrics of the families Prometheus scrapes from its plugin.</summary>
    private static HashSet<string> Available()
    {
        var names = EmittedMetrics.PrometheusNames();
        foreach (var family in ScrapedRabbitMqFamilies())
        {
            Assert.True(RabbitMqDetailedFamilies.TryGetValue(family, out var metrics), $"deploy/prometheus/prometheus.yml asks RabbitMQ for family {family}, which this test does not know");
            names.UnionWith(metrics);
        }
        return names;
    }

    /// <summary>The families of the scrape job that reads rabbitmq_prometheus' /metrics/detailed on port 15692 (none without one).</summary>
    private static IEnumerable<string> ScrapedRabbitMqFamilies()
    {
        var prometheus = (YamlMappingNode)Load("deploy/prometheus/prometheus.yml")[0].RootNode;
        foreach (var job in ((YamlSequenceNode)prometheus["scrape_configs"]).Children)
        {
            var targets = ((At(job, "static_configs") as YamlSequenceNode)?.Children ?? [])
                .SelectMany(c => (At(c, "targets") as YamlSequenceNode)?.Children ?? []).Select(t => ((YamlScalarNode)t).Value!);
            if (!targets.Any(t => t.EndsWith(":15692", StringComparison.Ordinal)) || ScalarAt(job, "metrics_path") != "/metrics/detailed")
                continue;
            foreach (var family in (At(job, "params", "family") as YamlSequenceNode)?.Children ?? [])
                yield return ((YamlScalarNode)family).Value!;
        }
    }

    /// <summary>Every PromQL expression of every dashboard panel (rows' panels too) and of every alert rule.</summary>
    private static IEnumerable<(string Where, string Expression)> Queries()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "deploy", "grafana", "dashboards"), "*.json").Order())
        {
            using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
            var where = Path.GetRelativePath(Root, file);
            foreach (var panel in Panels(dashboard.RootElement))
            {
                if (!panel.TryGetProperty("targets", out var targets))
                    continue;
                var title = panel.TryGetProperty("title", out var t) ? t.GetString() : "?";
                foreach (var target in targets.EnumerateArray())
                {
                    if (target.TryGetProperty("expr", out var expr))
                        yield return ($"{where}: {title}", expr.GetString()!);
                }
            }
        }
        foreach (var rule in AlertRules())
            yield return ($"deploy/prometheus/alerts.yml: {rule.Name}", rule.Expression);
    }

    private static IEnumerable<JsonElement> Panels(JsonElement container)
    {
        if (!container.TryGetProperty("panels", out var panels))
            yield break;
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            foreach (var nested in Panels(panel))
                yield return nested;
        }
    }

    private static IEnumerable<(string Name, string Expression)> AlertRules()
    {
        var rules = (YamlMappingNode)Load("deploy/prometheus/alerts.yml")[0].RootNode;
        foreach (var group in ((YamlSequenceNode)rules["groups"]).Children)
        {
            foreach (var rule in ((YamlSequenceNode)At(group, "rules")!).Children)
                yield return (ScalarAt(rule, "alert") ?? ScalarAt(rule, "record")!, ScalarAt(rule, "expr")!);
        }
    }
}
