using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Notifications.ServiceDefaults.Messaging.Topology;

namespace Notifications.ServiceDefaults.Hosting;

/// <summary>
/// Every service's entry point: builds the host, checks its settings before anything starts, then runs it. A wrong
/// setting ends the process with one line on stderr naming the key and exit code <see cref="ConfigurationError"/>,
/// not with an unhandled exception's stack trace (an operator reads the line, a supervisor reads the code).
/// </summary>
public static partial class ServiceMain
{
    /// <summary>EX_CONFIG of sysexits.h: the configuration is wrong, restarting will not help.</summary>
    public const int ConfigurationError = 78;

    public static async Task<int> RunAsync(string[] args, Func<WebApplicationBuilder, WebApplication> build)
    {
        var builder = WebApplication.CreateBuilder(args);
        // --declare-topology: declare the exchanges and queues the platform publishes into, then exit.
        if (await TopologyCommand.RunIfAskedAsync(args, builder.Configuration) is { } exitCode)
            return exitCode;

        WebApplication app;
        try
        {
            app = build(builder);
            ValidateBeforeStart(app.Services);
        }
        catch (Exception failure) when (InvalidSettingsIn(failure) is { Count: > 0 } invalid)
        {
            Console.Error.WriteLine(DescribeInvalidSettings(builder.Environment.ApplicationName, invalid));
            return ConfigurationError;
        }

        await app.RunAsync();
        return 0;
    }

    /// <summary>
    /// What the host would check inside StartAsync, done before it: there a failure is logged with its stack trace
    /// before it is thrown. Resolving the hosted services also runs the constructors that check keys themselves
    /// (the stored documents' cipher reads Secrets:EncryptionKey there).
    /// </summary>
    private static void ValidateBeforeStart(IServiceProvider services)
    {
        services.GetService<IStartupValidator>()?.Validate();
        _ = services.GetServices<IHostedService>().ToList();
    }

    /// <summary>The validation failures a start-up exception carries: several options checked at once arrive aggregated.</summary>
    private static List<OptionsValidationException> InvalidSettingsIn(Exception failure) => failure switch
    {
        OptionsValidationException invalid => [invalid],
        AggregateException several when several.InnerExceptions.All(e => e is OptionsValidationException) =>
            several.InnerExceptions.Cast<OptionsValidationException>().ToList(),
        _ => [],
    };

    /// <summary>One line: the service and every failure (each names its key, never its value).</summary>
    public static string DescribeInvalidSettings(string service, IEnumerable<OptionsValidationException> invalid)
    {
        var failures = invalid
            .SelectMany(e => e.Failures.Select(failure => NameTheKey(failure.ReplaceLineEndings(" ").Trim(), e.OptionsType)))
            .Where(f => f.Length > 0)
            .Distinct();
        return $"{service}: invalid configuration: {string.Join("; ", failures)} (exit {ConfigurationError})";
    }

    /// <summary>
    /// A data annotation failure names the C# member ('RetryLimit' of 'MessagingOptions'); an operator sets the key
    /// (Messaging:RetryLimit). The options classes keep their section in a <c>Section</c> constant.
    /// </summary>
    private static string NameTheKey(string failure, Type optionsType)
    {
        var annotation = DataAnnotationFailure().Match(failure);
        if (!annotation.Success)
            return failure;
        var section = optionsType.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string;
        var key = section is { Length: > 0 } ? $"{section}:{annotation.Groups["member"].Value}" : annotation.Groups["member"].Value;
        var error = annotation.Groups["error"].Value;
        return error.Contains(key, StringComparison.Ordinal) ? error : $"{key}: {error}";
    }

    [GeneratedRegex("^DataAnnotation validation failed for '[^']*' members: '(?<member>[^']+)' with the error: '(?<error>.*)'\\.?$")]
    private static partial Regex DataAnnotationFailure();
}
