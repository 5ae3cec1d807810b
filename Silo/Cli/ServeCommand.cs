using System.CommandLine;

namespace OrleansBackup.Silo.Cli;

/// <summary><c>serve</c> (also what runs without a command): runs a silo until SIGTERM or Ctrl-C.</summary>
public sealed class ServeCommand : ICliCommand
{
    public const string Name = "serve";

    private readonly SettingsOptions _settings = new();

    public Command Create()
    {
        var command = new Command(Name, "Run a silo (the default command). Stops cleanly on SIGTERM or Ctrl-C.");
        _settings.AddTo(command);
        command.SetAction((parsed, _) => SiloProcess.RunAsync(_settings.ToLoaderArgs(parsed)));
        return command;
    }

    /// <summary>Lets the bare program (<c>OrleansBackup.Silo --port 9000</c>) serve too.</summary>
    public void MakeDefault(RootCommand root)
    {
        _settings.AddTo(root);
        root.SetAction((parsed, _) => SiloProcess.RunAsync(_settings.ToLoaderArgs(parsed)));
    }
}
