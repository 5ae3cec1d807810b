using System.CommandLine;

namespace OrleansBackup.Silo.Cli;

/// <summary>One subcommand of the silo program. A new command (restore, verify, snapshots,
/// migrate) is one class implementing this plus one line in <see cref="BackupCli.Commands"/>.</summary>
public interface ICliCommand
{
    /// <summary>Builds the command with its options and action.</summary>
    Command Create();
}
