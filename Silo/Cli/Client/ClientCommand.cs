using System.CommandLine;

namespace OrleansBackup.Silo.Cli.Client;

/// <summary>What every client command shares: the job argument, <see cref="ClientOptions"/>, and
/// turning a refused or failed call into one line on stderr and its exit code.</summary>
public abstract class ClientCommand : ICliCommand
{
    protected ClientOptions Client { get; } = new();

    protected static Argument<string> JobArgument() => new("job")
    {
        Description = "Job id; \"default\" is the classic single job",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => "default",
    };

    public abstract Command Create();

    /// <summary>Sets <paramref name="command"/>'s action to <paramref name="run"/> with a connected client.</summary>
    protected void SetAction(Command command, Func<ParseResult, ApiClient, CancellationToken, Task<int>> run)
    {
        Client.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            using var api = Client.Connect(parsed);
            try
            {
                return await run(parsed, api, ct);
            }
            catch (ApiCallException e)
            {
                await Console.Error.WriteLineAsync($"orleans-backup {command.Name}: {e.Message} ({e.Code})");
                return e.ExitCode;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return CliExitCodes.Interrupted;
            }
        });
    }

    /// <summary>The status resource of a job: <c>/api/status</c> for the classic job (Idle until
    /// defined), <c>/api/jobs/{id}</c> otherwise.</summary>
    protected static string StatusPath(string job) => job == "default" ? "/api/status" : $"/api/jobs/{Uri.EscapeDataString(job)}";
}
