using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansBackup.Contracts;

namespace OrleansBackup.Silo.Cli.Client;

/// <summary>Follows a run until it ends, like restic's progress: on a terminal one line rewritten in
/// place every <see cref="Period"/>; redirected, a line whenever it changes; with <c>--json</c>, one
/// status document per line (JSON Lines). Ends with a summary and the run's exit code.</summary>
public static class RunFollower
{
    /// <summary>How often the status is read (the Api's status is one grain read).</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    public static async Task<int> FollowAsync(ApiClient api, string statusPath, bool json, CancellationToken ct)
    {
        var inPlace = !json && !Console.IsOutputRedirected;
        string? lastLine = null;
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (true)
            {
                var text = await api.GetAsync(statusPath, ct);
                var status = JsonSerializer.Deserialize<JobStatus>(text, ApiClient.Json)!;
                var ended = status.State is not (RunState.Running or RunState.Paused);
                if (json)
                {
                    Console.WriteLine(JsonNode.Parse(text)!.ToJsonString());
                }
                else
                {
                    var line = ProgressLine.Render(status);
                    if (inPlace) Console.Write("\r" + Fit(line) + "\u001b[K");
                    else if (line != lastLine) Console.WriteLine(line);
                    lastLine = line;
                }

                if (ended)
                {
                    if (inPlace) Console.WriteLine();
                    if (!json) Console.Write(StatusText.Summary(status));
                    return ExitCodeOf(status.State);
                }
                await timer.WaitForNextTickAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            if (inPlace) Console.WriteLine();
            await Console.Error.WriteLineAsync("interrupted: the run goes on in the service (see 'status', or 'stop' it)");
            return CliExitCodes.Interrupted;
        }
    }

    /// <summary>The documented exit code of a run's final state.</summary>
    public static int ExitCodeOf(RunState state) => state switch
    {
        RunState.Completed or RunState.Idle => CliExitCodes.Ok,
        RunState.CompletedWithWarnings => CliExitCodes.Warnings,
        _ => CliExitCodes.Failed,
    };

    private static string Fit(string line)
    {
        var width = Console.WindowWidth > 0 ? Console.WindowWidth - 1 : 119;
        return line.Length <= width ? line : line[..Math.Max(0, width - 1)] + "…";
    }
}
