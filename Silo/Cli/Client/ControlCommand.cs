using System.CommandLine;
using System.Text.Json;
using OrleansBackup.Contracts;

namespace OrleansBackup.Silo.Cli.Client;

/// <summary><c>start | pause | resume | stop [job]</c>: one control verb. <c>start</c> (and
/// <c>resume</c>) follow the run with a progress line until it ends, unless <c>--detach</c>.</summary>
public sealed class ControlCommand(string action, string description) : ClientCommand
{
    private bool Follows => action is "start" or "resume";

    public override Command Create()
    {
        var job = JobArgument();
        var command = new Command(action, description) { job };
        var detach = new Option<bool>("--detach", "-d") { Description = "Return as soon as the service accepted the request" };
        if (Follows) command.Options.Add(detach);
        SetAction(command, async (parsed, api, ct) =>
        {
            var id = parsed.GetValue(job)!;
            var json = parsed.GetValue(Client.Json);
            var path = id == "default" ? "/api/control" : $"/api/jobs/{Uri.EscapeDataString(id)}/control";
            var text = await api.PostAsync(path, new { action }, ct);
            var status = JsonSerializer.Deserialize<JobStatus>(text, ApiClient.Json)!;
            if (Follows && !parsed.GetValue(detach)) return await RunFollower.FollowAsync(api, StatusPath(id), json, ct);
            if (json) Console.WriteLine(text);
            else Console.WriteLine($"{id}: {status.State}{(status.RunId is { } run ? $" (run {run})" : "")}");
            return CliExitCodes.Ok;
        });
        return command;
    }
}
