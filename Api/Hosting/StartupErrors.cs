using Microsoft.Extensions.Options;
using OrleansBackup.Hosting;

namespace OrleansBackup.Api.Hosting;

/// <summary>Start-up failures that are the operator's to fix: printed plainly, exit code 2.</summary>
internal static class StartupErrors
{
    public const int ExitCode = 2;

    public static bool TryDescribe(Exception exception, out string message)
    {
        message = exception switch
        {
            OptionsValidationException e => "invalid configuration: " + string.Join("; ", e.Failures),
            AggregateException { InnerExceptions: [OptionsValidationException e] } => "invalid configuration: " + string.Join("; ", e.Failures),
            SettingsException e => "invalid configuration: " + string.Join("; ", e.Errors),
            // Start-up of the web server and the cluster client runs concurrently; the first says why.
            AggregateException e when e.InnerExceptions.OfType<SettingsException>().FirstOrDefault() is { } s =>
                "invalid configuration: " + string.Join("; ", s.Errors),
            IOException e => "cannot start: " + e.Message,
            _ => "",
        };
        return message.Length > 0;
    }
}
