using System.CommandLine;
using System.Text.Json.Nodes;

namespace OrleansBackup.Silo.Cli.Client;

/// <summary><c>jobs [--json]</c>: every defined job with its state and destination.</summary>
public sealed class JobsCommand : ClientCommand
{
    public override Command Create()
    {
        var command = new Command("jobs", "List the defined jobs: id, state, last run, sources and destination.");
        SetAction(command, async (parsed, api, ct) =>
        {
            var text = await api.GetAsync("/api/jobs", ct);
            if (parsed.GetValue(Client.Json))
            {
                Console.WriteLine(text);
                return CliExitCodes.Ok;
            }

            var jobs = JsonNode.Parse(text)!.AsArray();
            if (jobs.Count == 0)
            {
                Console.WriteLine("No jobs defined.");
                return CliExitCodes.Ok;
            }
            Console.WriteLine($"{"JOB",-20} {"STATE",-22} {"LAST RUN",-28} DESTINATION <- SOURCES");
            foreach (var item in jobs)
            {
                var definition = item!["definition"];
                var sources = definition?["sources"]?.AsArray().Select(s => (string?)s) ?? [];
                Console.WriteLine($"{(string?)item["jobId"],-20} {(string?)item["status"]?["state"],-22} {(string?)item["status"]?["runId"] ?? "-",-28} " +
                    $"{(string?)definition?["destination"]} <- {string.Join(", ", sources)}");
            }
            return CliExitCodes.Ok;
        });
        return command;
    }
}
