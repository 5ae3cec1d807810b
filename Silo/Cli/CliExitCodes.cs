namespace OrleansBackup.Silo.Cli;

/// <summary>Exit codes of every command, documented in the README ("Command line"). Stable: scripts
/// branch on them (as they do on restic's and borg's).</summary>
public static class CliExitCodes
{
    /// <summary>Done; a followed run ended <c>Completed</c>.</summary>
    public const int Ok = 0;

    /// <summary>A followed run ended <c>Failed</c> or <c>Stopped</c>, the service refused the request
    /// (unknown job, not allowed in the job's state), or a served process failed (port in use).</summary>
    public const int Failed = 1;

    /// <summary>Bad usage (unknown option or command) or invalid configuration.</summary>
    public const int Usage = OrleansBackup.Hosting.SettingsLoader.InvalidSettingsExitCode;

    /// <summary>A followed run ended <c>CompletedWithWarnings</c>: some files could not be copied (as restic's 3).</summary>
    public const int Warnings = 3;

    /// <summary>The Api (or the cluster behind it) could not be reached.</summary>
    public const int Unreachable = 4;

    /// <summary>Interrupted (Ctrl-C) while following a run; the run itself goes on.</summary>
    public const int Interrupted = 130;
}
