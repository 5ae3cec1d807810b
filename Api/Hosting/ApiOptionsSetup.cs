using Microsoft.Extensions.Options;
using OrleansBackup.Hosting;

namespace OrleansBackup.Api.Hosting;

/// <summary>Reads <see cref="ApiOptions"/> through the shared <see cref="SettingsLoader"/>. When a value
/// is bad the defaults stay here and <see cref="ApiOptionsValidator"/> reports it by key.</summary>
internal sealed class ApiOptionsSetup(IConfiguration configuration) : IConfigureOptions<ApiOptions>
{
    public void Configure(ApiOptions options)
    {
        try
        {
            options.Settings = SettingsLoader.Parse(configuration);
        }
        catch (SettingsException)
        {
            // Reported by the validator, which runs at start-up.
        }
    }
}
