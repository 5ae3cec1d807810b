using System.Collections.Immutable;
using Microsoft.AspNetCore.Http.HttpResults;
using OrleansBackup.Api.Jobs;
using OrleansBackup.Api.OpenApi;
using OrleansBackup.Contracts;

namespace OrleansBackup.Api.Apis;

/// <summary>GET /api/cluster: the silos, what each can do and reach, and its load.</summary>
public static class ClusterApi
{
    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cluster", GetAsync).WithTags("Cluster")
            .WithSummary("The silos of the cluster")
            .WithDescription("Every active silo: address, name, capabilities, reachable roots, copy workers and load.")
            .WithErrors();
        return app;
    }

    public static async Task<Ok<ImmutableArray<SiloInfo>>> GetAsync(IJobs jobs) =>
        TypedResults.Ok(await jobs.Cluster().DescribeAsync());
}
