using OrleansBackup.Silo.Cli;

namespace OrleansBackup.Silo;

/// <summary>The silo program: <c>OrleansBackup.Silo [serve] [--port N] ...</c> runs a silo,
/// <c>init-db</c> installs the PostgreSQL schema, <c>migrate</c> imports the old server's files, and
/// <c>status</c>, <c>jobs</c>, <c>start</c>, <c>pause</c>, <c>resume</c>, <c>stop</c> talk to a
/// running service (see <see cref="BackupCli"/>).</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => BackupCli.RunAsync(args);
}
