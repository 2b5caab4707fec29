using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Notifications.IntegrationTests.Observability;

/// <summary>One log line as a service wrote it, with the trace and span it was written in.</summary>
public sealed record CapturedLog(string Category, string Message, IReadOnlyDictionary<string, object?> State, ActivityTraceId TraceId, ActivitySpanId SpanId);

/// <summary>A logger provider that keeps every line with the ids of <see cref="Activity.Current"/>, as the OTLP and JSON console logs carry them.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<CapturedLog> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            var activity = Activity.Current;
            sink.Lines.Enqueue(new CapturedLog(category, formatter(state, exception),
                values.GroupBy(v => v.Key).ToDictionary(g => g.Key, g => g.First().Value),
                activity?.TraceId ?? default, activity?.SpanId ?? default));
        }
    }
}
