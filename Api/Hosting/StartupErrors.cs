using Microsoft.Extensions.Options;
using OrleansBackup.Hosting;

namespace OrleansBackup.Api.Hosting;

/// <summary>Start-up failures that are the operator's to fix: printed plainly on one line. Exit code
/// 2 for bad configuration (as the silo's), 1 for anything else (a port in use).</summary>
internal static class StartupErrors
{
    public const int ExitCode = SettingsLoader.InvalidSettingsExitCode;

    /// <summary>Exit code of a start-up failure that is not bad configuration.</summary>
    public const int FailedExitCode = 1;

    public static int ExitCodeOf(Exception exception) => exception is IOException ? FailedExitCode : ExitCode;

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
