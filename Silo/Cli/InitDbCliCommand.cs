using System.CommandLine;
using OrleansBackup.Silo.Database;

namespace OrleansBackup.Silo.Cli;

/// <summary><c>init-db</c>: installs the PostgreSQL schema (see <see cref="InitDbCommand"/>).</summary>
public sealed class InitDbCliCommand : ICliCommand
{
    private readonly SettingsOptions _settings = new();

    public Command Create()
    {
        var command = new Command(InitDbCommand.Name,
            "Create or update the PostgreSQL schema in the database named by BACKUP_DB, then exit. " +
            "Exit codes: 0 installed, 1 the database refused or failed, 2 bad or missing settings.");
        _settings.AddTo(command);
        command.SetAction((parsed, ct) => InitDbCommand.RunAsync(_settings.ToLoaderArgs(parsed), ct));
        return command;
    }
}
