using Microsoft.Extensions.Configuration.Memory;

namespace OrleansBackup.Api.Hosting;

/// <summary>Maps the product's environment variables (BACKUP_PORT, ...) onto configuration keys.
/// Stand-in for the shared configuration layer (Silo/Hosting/Shared); replace it when that lands.
/// Precedence: defaults &lt; appsettings &lt; ASPNETCORE_/DOTNET_ environment &lt; BACKUP_* &lt; command line.</summary>
internal static class BackupEnvironment
{
    /// <summary>Environment variable -> configuration key.</summary>
    public static readonly IReadOnlyDictionary<string, string> Keys = new Dictionary<string, string>
    {
        ["BACKUP_PORT"] = ApiOptions.PortKey,
        ["BACKUP_DEST"] = ApiOptions.DestinationKey,
        ["BACKUP_ALLOWED_ROOTS"] = ApiOptions.AllowedRootsKey,
        ["BACKUP_LOG_DIR"] = ApiOptions.LogDirKey,
    };

    /// <summary>The environment variable behind a key, for error messages ("BACKUP_PORT" for "Port").</summary>
    public static string NameOf(string key) =>
        Keys.FirstOrDefault(kv => kv.Value == key).Key is { } env ? env : key;

    /// <summary>Adds the BACKUP_* variables just below the command line, so arguments still win.</summary>
    public static IConfigurationBuilder AddBackupEnvironment(this IConfigurationBuilder builder)
    {
        var values = new Dictionary<string, string?>();
        foreach (var (env, key) in Keys)
        {
            if (Environment.GetEnvironmentVariable(env) is { } value)
            {
                values[key] = value;
            }
        }

        var source = new MemoryConfigurationSource { InitialData = values };
        var commandLine = builder.Sources.ToList().FindIndex(s => s is Microsoft.Extensions.Configuration.CommandLine.CommandLineConfigurationSource);
        if (commandLine >= 0)
        {
            builder.Sources.Insert(commandLine, source);
        }
        else
        {
            builder.Sources.Add(source);
        }

        return builder;
    }
}
