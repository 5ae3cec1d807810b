using System.CommandLine;

namespace OrleansBackup.Silo.Cli.Client;

/// <summary>Options every client command shares: where the Api is, its token, and JSON output.</summary>
public sealed class ClientOptions
{
    /// <summary>Environment variable naming the Api's base URL.</summary>
    public const string ApiUrlVariable = "BACKUP_API_URL";

    public Option<string> Api { get; } = new("--api")
    {
        Description = $"Base URL of the service's Api ({ApiUrlVariable}; default http://127.0.0.1:$BACKUP_PORT, port 8888)",
        HelpName = "url",
        DefaultValueFactory = _ => DefaultApiUrl(),
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON (the Api's own documents) instead of text, for scripts" };

    public void AddTo(Command command)
    {
        command.Options.Add(Api);
        command.Options.Add(Json);
    }

    /// <summary>A client for the parsed <c>--api</c>; the bearer token comes from BACKUP_API_TOKEN
    /// (environment only: a token on the command line is visible to every local user).</summary>
    public ApiClient Connect(ParseResult parsed) =>
        new(new Uri(parsed.GetValue(Api)!), Environment.GetEnvironmentVariable("BACKUP_API_TOKEN"));

    private static string DefaultApiUrl()
    {
        if (Environment.GetEnvironmentVariable(ApiUrlVariable) is { Length: > 0 } url) return url;
        var port = Environment.GetEnvironmentVariable("BACKUP_PORT") is { Length: > 0 } p ? p : "8888";
        return $"http://127.0.0.1:{port}";
    }
}
