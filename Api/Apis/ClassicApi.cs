using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrleansBackup.Api.Errors;
using OrleansBackup.Api.Hosting;
using OrleansBackup.Api.Jobs;
using OrleansBackup.Api.OpenApi;
using OrleansBackup.Contracts;

namespace OrleansBackup.Api.Apis;

/// <summary>The classic single-job endpoints of the old backup server (kept compatible), all on the job "default".</summary>
public static class ClassicApi
{
    public static RouteGroupBuilder MapClassicApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Classic");
        api.MapGet("/status", GetStatusAsync)
            .WithSummary("Status of the classic job")
            .WithDescription("The status of the job `default` (Idle and empty until it is selected): the same contract as `GET /api/jobs/{id}`.")
            .WithErrors();
        api.MapPost("/select", SelectAsync)
            .WithSummary("Select the classic job's directories and destination")
            .WithDescription("Defines the job `default`: its sources (`directories`) and destination (default: BACKUP_DEST), keeping options not given. Refused while a run is active.")
            .WithErrors(ErrorResponses.Definition);
        api.MapPost("/control", ControlAsync)
            .WithSummary("Start, pause, resume or stop the classic job")
            .WithDescription("`action`: `start` (a new run), `pause`, `resume` or `stop`; answers with the status after the action.")
            .WithErrors(ErrorResponses.Control);
        return api;
    }

    /// <summary>The default job's status (Idle and empty when it was never defined).</summary>
    public static async Task<Ok<JobStatus>> GetStatusAsync(IJobs jobs) =>
        TypedResults.Ok(await jobs.Job(IJobs.DefaultJobId).GetStatusAsync());

    /// <summary>Sets the default job's sources and destination, keeping its other options.</summary>
    public static async Task<Results<Ok<JobDefinitionResponse>, ProblemHttpResult>> SelectAsync(
        SelectRequest request, IJobs jobs, IOptions<ApiOptions> options)
    {
        var job = jobs.Job(IJobs.DefaultJobId);
        var existing = await job.GetDefinitionAsync();
        var definition = DefinitionBuilder.TryBuild(IJobs.DefaultJobId, request.Directories, request.Destination,
            options.Value.Settings.Destination, request, existing, "directories", out var error);
        if (definition is null)
        {
            return Problems.For(ErrorCodes.InvalidRequest, error!);
        }

        return TypedResults.Ok(JobDefinitionResponse.From(await job.DefineAsync(definition)));
    }

    /// <summary>start | pause | resume | stop on the default job; answers with its status.</summary>
    public static async Task<Results<Ok<JobStatus>, ProblemHttpResult>> ControlAsync(ControlRequest? request, IJobs jobs)
    {
        if (!ControlActions.TryGet(request?.Action, out var call))
        {
            return UnknownAction(request?.Action);
        }

        return TypedResults.Ok(await call(jobs.Job(IJobs.DefaultJobId)));
    }

    internal static ProblemHttpResult UnknownAction(string? action) =>
        Problems.For(ErrorCodes.UnknownAction, ControlActions.UnknownDetail(action),
            extensions: new Dictionary<string, object?> { ["validActions"] = ControlActions.Names });
}
