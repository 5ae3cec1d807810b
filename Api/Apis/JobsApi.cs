using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OrleansBackup.Api.Errors;
using OrleansBackup.Api.Hosting;
using OrleansBackup.Api.Jobs;
using OrleansBackup.Api.OpenApi;
using OrleansBackup.Contracts;

namespace OrleansBackup.Api.Apis;

/// <summary>Jobs as resources: /api/jobs, /api/jobs/{id}, its definition, control and runs.</summary>
public static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/jobs").WithTags("Jobs");
        api.MapPost("/", CreateAsync)
            .WithSummary("Define a job")
            .WithDescription("Creates (201) or replaces (200) a job: `jobId`, `sources`, `destination` (default: BACKUP_DEST) and options; options not given keep their current value. Refused while a run is active.")
            .WithErrors([ErrorCodes.InvalidJobId, .. ErrorResponses.Definition]);
        api.MapGet("/", ListAsync)
            .WithSummary("List the jobs")
            .WithDescription("Every defined job with its definition and status headline.")
            .WithErrors();
        api.MapGet("/{id}", GetStatusAsync)
            .WithSummary("A job's status")
            .WithDescription("Progress of the current or last run: counts, totals, throughput, ETA, active and next directories, workers per silo, errors.")
            .WithErrors(ErrorResponses.OneJob);
        api.MapGet("/{id}/definition", GetDefinitionAsync)
            .WithSummary("A job's definition")
            .WithDescription("The definition with effective values (defaults filled in).")
            .WithErrors(ErrorResponses.OneJob);
        api.MapPost("/{id}/control", ControlAsync)
            .WithSummary("Start, pause, resume or stop a job")
            .WithDescription("`action`: `start` (a new run), `pause`, `resume` or `stop`; answers with the status after the action.")
            .WithErrors([.. ErrorResponses.OneJob, .. ErrorResponses.Control]);
        api.MapGet("/{id}/runs", GetRunsAsync)
            .WithSummary("A job's runs")
            .WithDescription("Its own recent runs newest first (at most 50 kept), then those imported from the old server (`imported: true`), newest first. " +
                "Paged by `offset` (default 0) and `limit` (1-1000, default 100); the header `X-Total-Count` gives the number of runs in all.")
            .WithErrors([.. ErrorResponses.OneJob, ErrorCodes.InvalidRequest]);
        return api;
    }

    /// <summary>Defines (or redefines) a job and adds it to the catalog: 201 when new, 200 when replaced.</summary>
    public static async Task<Results<Created<JobDefinitionResponse>, Ok<JobDefinitionResponse>, ProblemHttpResult>> CreateAsync(
        JobRequest request, IJobs jobs, IOptions<ApiOptions> options)
    {
        if (!DefinitionBuilder.IsValidJobId(request.JobId))
        {
            return InvalidJobId(request.JobId);
        }

        var job = jobs.Job(request.JobId);
        var existing = await job.GetDefinitionAsync();
        var definition = DefinitionBuilder.TryBuild(request.JobId, request.Sources, request.Destination,
            options.Value.Settings.Destination, request, existing, "sources", out var error);
        if (definition is null)
        {
            return Problems.For(ErrorCodes.InvalidRequest, error!);
        }

        var defined = JobDefinitionResponse.From(await job.DefineAsync(definition));
        await jobs.Catalog().AddAsync(defined.JobId);
        return existing is null
            ? TypedResults.Created($"/api/jobs/{defined.JobId}", defined)
            : TypedResults.Ok(defined);
    }

    /// <summary>Every job in the catalog (and "default" once selected), with its status headline.</summary>
    public static async Task<Ok<JobListItem[]>> ListAsync(IJobs jobs)
    {
        var ids = await jobs.Catalog().ListAsync();
        var all = ids.Contains(IJobs.DefaultJobId) ? ids : ids.Insert(0, IJobs.DefaultJobId);
        var items = await Task.WhenAll(all.Select(async id =>
        {
            var job = jobs.Job(id);
            var definition = job.GetDefinitionAsync();
            var status = job.GetStatusAsync();
            return new JobListItem(id, await definition is { } d ? JobDefinitionResponse.From(d) : null, JobStatusSummary.From(await status));
        }));
        return TypedResults.Ok(items.Where(i => i.Definition is not null || i.JobId != IJobs.DefaultJobId).ToArray());
    }

    /// <summary>The job's status: the same contract as /api/status.</summary>
    public static async Task<Results<Ok<JobStatus>, ProblemHttpResult>> GetStatusAsync(string id, IJobs jobs) =>
        await FindAsync(id, jobs) is { } problem ? problem : TypedResults.Ok(await jobs.Job(id).GetStatusAsync());

    public static async Task<Results<Ok<JobDefinitionResponse>, ProblemHttpResult>> GetDefinitionAsync(string id, IJobs jobs)
    {
        if (!DefinitionBuilder.IsValidJobId(id))
        {
            return InvalidJobId(id);
        }

        return await jobs.Job(id).GetDefinitionAsync() is { } definition ? TypedResults.Ok(JobDefinitionResponse.From(definition)) : NotFound(id);
    }

    public static async Task<Results<Ok<JobStatus>, ProblemHttpResult>> ControlAsync(string id, ControlRequest? request, IJobs jobs)
    {
        if (!ControlActions.TryGet(request?.Action, out var call))
        {
            return ClassicApi.UnknownAction(request?.Action);
        }

        return await FindAsync(id, jobs) is { } problem ? problem : TypedResults.Ok(await call(jobs.Job(id)));
    }

    /// <summary>The job's runs: its own recent ones newest first, then those imported from the old
    /// server (<c>imported: true</c>), newest first. Paged: <c>offset</c> (default 0) and <c>limit</c>
    /// (1-1000, default 100); the header <c>X-Total-Count</c> gives the number of runs in all.</summary>
    public static async Task<Results<Ok<ImmutableArray<RunSummary>>, ProblemHttpResult>> GetRunsAsync(
        string id, IJobs jobs, HttpResponse response,
        [System.ComponentModel.DataAnnotations.Range(0, int.MaxValue)] int? offset = null,
        [System.ComponentModel.DataAnnotations.Range(1, RunsPage.MaxLimit)] int? limit = null)
    {
        if (await FindAsync(id, jobs) is { } problem) return problem;
        if (RunsPage.Check(offset, limit) is { } error) return Problems.For(ErrorCodes.InvalidRequest, error);
        var page = await RunsPage.ReadAsync(jobs.Job(id), jobs.Archive(id), offset ?? 0, limit ?? RunsPage.DefaultLimit);
        response.Headers["X-Total-Count"] = page.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(page.Runs);
    }

    /// <summary>Null when the job exists; otherwise the problem to answer (bad id or never defined).</summary>
    private static async Task<ProblemHttpResult?> FindAsync(string id, IJobs jobs)
    {
        if (!DefinitionBuilder.IsValidJobId(id))
        {
            return InvalidJobId(id);
        }

        return await jobs.Job(id).GetDefinitionAsync() is null ? NotFound(id) : null;
    }

    private static ProblemHttpResult InvalidJobId(string? id) => Problems.For(ErrorCodes.InvalidJobId,
        $"Job id '{id}' is invalid: use 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit.");

    private static ProblemHttpResult NotFound(string id) => Problems.For(ErrorCodes.JobNotFound, $"No job '{id}' is defined.");
}
