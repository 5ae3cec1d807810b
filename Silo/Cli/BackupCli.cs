using System.CommandLine;
using OrleansBackup.Silo.Cli.Client;

namespace OrleansBackup.Silo.Cli;

/// <summary>The silo program's command line: <c>serve</c> (the default), <c>init-db</c>, and client
/// commands against a running service (<c>migrate</c>, <c>status</c>, <c>jobs</c>, <c>start</c>, <c>pause</c>,
/// <c>resume</c>, <c>stop</c>). <c>--help</c> works on every command; <c>--version</c> too.</summary>
public static class BackupCli
{
    /// <summary>The registered subcommands, in help order: one line per command.</summary>
    public static IReadOnlyList<ICliCommand> Commands { get; } =
    [
        new ServeCommand(),
        new InitDbCliCommand(),
        new MigrateCliCommand(),
        new StatusCommand(),
        new JobsCommand(),
        new ControlCommand("start", "Start a run of a job and follow its progress until it ends (--detach to return at once)."),
        new ControlCommand("pause", "Pause a job's run: files in flight finish, nothing new starts."),
        new ControlCommand("resume", "Resume a paused run."),
        new ControlCommand("stop", "Stop a job's run: copies in flight are cancelled, the run ends Stopped."),
    ];

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "Orleans.Backup: a backup service on a cluster of Orleans silos. Without a command, runs a silo (serve).");
        foreach (var command in Commands)
        {
            var built = command.Create();
            root.Subcommands.Add(built);
            if (command is ServeCommand serve) serve.MakeDefault(root);
        }

        // --version on every command, not only the root (the built-in one refuses a subcommand).
        foreach (var option in root.Options.OfType<VersionOption>().ToList()) root.Options.Remove(option);
        root.Options.Add(new VersionOption { Recursive = true, Action = new PrintVersionAction() });
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && !WantsHelpOrVersion(parsed))
        {
            foreach (var error in parsed.Errors) await Console.Error.WriteLineAsync($"orleans-backup: {error.Message}");
            await Console.Error.WriteLineAsync($"Try '{ProgramName} {CommandPath(parsed)}--help'.");
            return CliExitCodes.Usage;
        }

        // A served process handles SIGTERM/SIGINT itself (graceful silo shutdown takes seconds);
        // client commands get the cancellation token System.CommandLine passes on Ctrl-C.
        var serving = parsed.CommandResult.Command == root || parsed.CommandResult.Command.Name == ServeCommand.Name;
        var invocation = new InvocationConfiguration
        {
            ProcessTerminationTimeout = serving ? null : TimeSpan.FromSeconds(2),
        };
        return await parsed.InvokeAsync(invocation);
    }

    /// <summary>How the program is invoked in usage hints.</summary>
    public const string ProgramName = "OrleansBackup.Silo";

    private static bool WantsHelpOrVersion(ParseResult parsed) =>
        parsed.Tokens.Any(t => t.Value is "--help" or "-h" or "-?" or "--version");

    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var c = parsed.CommandResult; c is not null && c.Parent is System.CommandLine.Parsing.CommandResult; c = (System.CommandLine.Parsing.CommandResult)c.Parent)
            names.Insert(0, c.Command.Name);
        return names.Count == 0 ? "" : string.Join(' ', names) + " ";
    }

    private sealed class PrintVersionAction : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(Version);
            return CliExitCodes.Ok;
        }
    }

    /// <summary>The informational version of the program (without the source revision suffix).</summary>
    public static string Version
    {
        get
        {
            var info = typeof(BackupCli).Assembly
                .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
            return info is null ? "unknown" : info.Split('+')[0];
        }
    }
}
