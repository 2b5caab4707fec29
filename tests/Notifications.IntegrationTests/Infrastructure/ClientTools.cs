namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>
/// The interpreters and libraries the example clients need. <c>make test</c> installs them first
/// (deploy/local/clients.sh); a run started another way installs them here with the same script, once. Whatever is
/// still missing then fails the test naming it: a client test that skips would pass on a machine that cannot run it.
/// </summary>
public static class ClientTools
{
    /// <summary>Debian's interpreter: python3-pika installs for it, not for another python3 earlier on the PATH.</summary>
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<Task> Installed = new(InstallAsync);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ClientsDirectory(string language) => Path.Combine(RepositoryRoot, "clients", language);

    public static Task EnsureInstalledAsync() => Installed.Value;

    private static async Task InstallAsync()
    {
        // Idempotent and quick when everything is there: it runs apt-get and npm ci only for what is missing.
        var script = Path.Combine(RepositoryRoot, "deploy", "local", "clients.sh");
        await ClientProcess.RunAsync("bash", [script], RepositoryRoot, new Dictionary<string, string>(), TimeSpan.FromMinutes(8));

        var missing = new List<string>();
        if (!OnPath("node")) missing.Add("node (Debian package nodejs)");
        if (!File.Exists(Path.Combine(ClientsDirectory("node"), "node_modules", "amqplib", "package.json"))) missing.Add("amqplib in clients/node/node_modules (npm ci)");
        if (!File.Exists(Python) || !Directory.Exists("/usr/lib/python3/dist-packages/pika")) missing.Add("python3-pika for " + Python);
        if (!OnPath("php")) missing.Add("php (php-cli)");
        if (!File.Exists("/usr/share/php/PhpAmqpLib/autoload.php")) missing.Add("php-amqplib");
        if (!OnPath("curl") || !OnPath("openssl")) missing.Add("curl and openssl");
        if (missing.Count > 0)
            throw new InvalidOperationException($"deploy/local/clients.sh ran, but these are still missing: {string.Join(", ", missing)}");
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, tool)));

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Notifications.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("Notifications.sln not found above " + AppContext.BaseDirectory);
    }
}
