using Microsoft.Extensions.Options;

namespace OrleansBackup.Api.Hosting;

/// <summary>Rejects bad settings at start-up with a message naming the key (never clamps).</summary>
internal sealed class ApiOptionsValidator(IConfiguration configuration) : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new List<string>();
        CheckPort(ApiOptions.PortKey, failures);
        CheckPort(ApiOptions.GatewayPortKey, failures);

        if (options.Destination is { } destination && !Path.IsPathFullyQualified(destination))
        {
            failures.Add($"{Name(ApiOptions.DestinationKey)}: '{destination}' is not an absolute path");
        }

        foreach (var root in options.AllowedRoots.Where(r => !Path.IsPathFullyQualified(r)))
        {
            failures.Add($"{Name(ApiOptions.AllowedRootsKey)}: '{root}' is not an absolute path");
        }

        if (string.IsNullOrWhiteSpace(options.LogDir))
        {
            failures.Add($"{Name(ApiOptions.LogDirKey)}: must not be empty");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void CheckPort(string key, List<string> failures)
    {
        if (configuration[key] is { } text && !ApiOptionsSetup.TryPort(text, out _))
        {
            failures.Add($"{Name(key)}: '{text}' is not a valid port (1-65535)");
        }
    }

    private static string Name(string key) => BackupEnvironment.NameOf(key) is var env && env != key ? $"{env} ({key})" : key;
}
