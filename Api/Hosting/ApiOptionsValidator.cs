using Microsoft.Extensions.Options;
using OrleansBackup.Hosting;

namespace OrleansBackup.Api.Hosting;

/// <summary>Rejects bad settings at start-up with messages naming the key, e.g.
/// "BACKUP_PORT (Port): 'abc' must be a whole number from 1 to 65535" (never clamps).</summary>
internal sealed class ApiOptionsValidator(IConfiguration configuration) : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new List<string>();
        try
        {
            var settings = SettingsLoader.Parse(configuration);
            if (settings.ListensBeyondLoopback && settings.ApiToken is null)
                failures.Add($"{SettingKeys.Describe(SettingKeys.ApiToken)}: required when the Api listens beyond loopback " +
                             $"(BACKUP_ADVERTISED_ADDRESS={settings.AdvertisedAddress})");
        }
        catch (SettingsException e)
        {
            failures.AddRange(e.Errors);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
