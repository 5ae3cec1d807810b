using System.CommandLine;
using System.Text.Json;
using OrleansBackup.Contracts;

namespace OrleansBackup.Silo.Cli.Client;

/// <summary><c>status [job] [--follow] [--json]</c>: a job's status once, or a live progress line
/// until its run ends.</summary>
public sealed class StatusCommand : ClientCommand
{
    public override Command Create()
    {
        var job = JobArgument();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep showing a progress line until the run ends" };
        var command = new Command("status", "Show a job's status: state, progress, throughput, ETA, active directories, errors.")
        {
            job, follow,
        };
        SetAction(command, async (parsed, api, ct) =>
        {
            var id = parsed.GetValue(job)!;
            var json = parsed.GetValue(Client.Json);
            if (parsed.GetValue(follow)) return await RunFollower.FollowAsync(api, StatusPath(id), json, ct);
            var text = await api.GetAsync(StatusPath(id), ct);
            if (json) Console.WriteLine(text);
            else Console.Write(StatusText.Render(JsonSerializer.Deserialize<JobStatus>(text, ApiClient.Json)!));
            return CliExitCodes.Ok;
        });
        return command;
    }
}
