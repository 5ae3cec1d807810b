using OrleansBackup.Api.Errors;
using OrleansBackup.Contracts;

namespace OrleansBackup.Api.OpenApi;

/// <summary>Endpoint metadata: the error codes an endpoint can answer with. The OpenAPI document lists
/// them per status (<see cref="ErrorResponsesTransformer"/>), so a client knows every problem it may get.</summary>
public sealed record ErrorCodesMetadata(IReadOnlyList<string> Codes);

public static class ErrorResponses
{
    /// <summary>What any endpoint may answer: no token from off loopback, the cluster away, a bug.</summary>
    public static readonly string[] Common = [ErrorCodes.Unauthorized, ErrorCodes.ClusterUnavailable, ErrorCodes.Internal];

    /// <summary>What any endpoint with a JSON body may answer besides.</summary>
    public static readonly string[] Body = [ErrorCodes.InvalidJson, ErrorCodes.InvalidRequest];

    /// <summary>What defining a job (or the classic selection) may answer: the shape, then the path policy.</summary>
    public static readonly string[] Definition =
    [
        .. Body, ErrorCodes.InvalidSchedule, ErrorCodes.PathOutsideAllowedRoots, ErrorCodes.SourceNotFound,
        ErrorCodes.SourceNotDirectory, ErrorCodes.DestinationInsideSource, ErrorCodes.SourceInsideDestination,
        ErrorCodes.DestinationNotWritable, ErrorCodes.JobBusy,
    ];

    /// <summary>What a control verb may answer.</summary>
    public static readonly string[] Control =
    [
        .. Body, ErrorCodes.UnknownAction, ErrorCodes.NoSelection, ErrorCodes.InvalidTransition,
        ErrorCodes.DestinationNotWritable, ErrorCodes.DestinationSymlink, ErrorCodes.NoCapableSilo,
    ];

    /// <summary>What an endpoint addressing one job by id may answer.</summary>
    public static readonly string[] OneJob = [ErrorCodes.InvalidJobId, ErrorCodes.JobNotFound];

    /// <summary>Declares the codes (plus <see cref="Common"/>) an endpoint answers with, as problem
    /// responses of their catalogued statuses.</summary>
    public static TBuilder WithErrors<TBuilder>(this TBuilder builder, params string[] codes) where TBuilder : IEndpointConventionBuilder
    {
        var all = codes.Concat(Common).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var status in all.Select(c => ErrorCatalog.Lookup(c).Status).Distinct().Order())
            builder.ProducesProblem(status);
        return builder.WithMetadata(new ErrorCodesMetadata(all));
    }
}
