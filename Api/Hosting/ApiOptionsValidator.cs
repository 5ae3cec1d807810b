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
            SettingsLoader.Parse(configuration);
        }
        catch (SettingsException e)
        {
            failures.AddRange(e.Errors);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
