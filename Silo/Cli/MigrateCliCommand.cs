using System.CommandLine;
using OrleansBackup.Silo.Migration;

namespace OrleansBackup.Silo.Cli;

/// <summary><c>migrate</c>: imports the old server's files (see <see cref="MigrateCommand"/>, which
/// checks the combination of options itself and documents its exit codes).</summary>
public sealed class MigrateCliCommand : ICliCommand
{
    private readonly SettingsOptions _settings = new();

    public Command Create()
    {
        var from = new Option<string>("--from") { Description = "The directory holding backup_status.json and backup_history.json (required)", HelpName = "dir" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be imported; change nothing" };
        var verify = new Option<bool>("--verify-migration") { Description = "Compare what was imported with the files; exit 1 on any difference" };
        var job = new Option<string>("--job") { Description = "The job to import into (default: default, the classic API's job)", HelpName = "id" };
        var zone = new Option<string>("--timezone") { Description = "Zone of times written without one (default: this machine's)", HelpName = "zone" };
        var command = new Command(MigrateCommand.Name,
            "Import the old backup server's backup_status.json and backup_history.json into the running service. " +
            "Exit codes: 0 done, 1 difference found or import refused, 2 bad usage, 4 service unreachable, 65 bad input file (nothing imported).")
        {
            from, dryRun, verify, job, zone,
        };
        _settings.AddTo(command);
        command.SetAction((parsed, ct) =>
        {
            var args = new List<string>();
            if (parsed.GetValue(from) is { } f) args.AddRange(["--from", f]);
            if (parsed.GetValue(dryRun)) args.Add("--dry-run");
            if (parsed.GetValue(verify)) args.Add("--verify-migration");
            if (parsed.GetValue(job) is { } j) args.AddRange(["--job", j]);
            if (parsed.GetValue(zone) is { } z) args.AddRange(["--timezone", z]);
            args.AddRange(_settings.ToLoaderArgs(parsed));
            return MigrateCommand.RunAsync([.. args], cancellationToken: ct);
        });
        return command;
    }
}
