using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Runtime.Messaging;
using OrleansBackup.Contracts;

namespace OrleansBackup.Api.Errors;

/// <summary>Turns every exception that leaves an endpoint into a catalogued ProblemDetails:
/// grain errors by their code, binding errors as invalid_json / invalid_request, cluster
/// failures as 503, the rest as a logged 500 with a generic detail.</summary>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = ToProblem(exception);
        // 503 cluster_unavailable is a state of the service (a silo starting or gone), answered
        // plainly to the caller: not an error of this process, no stack trace in its log.
        if (problem.StatusCode >= StatusCodes.Status500InternalServerError && problem.StatusCode != StatusCodes.Status503ServiceUnavailable)
        {
            LogFailed(logger, exception, context.Request.Method, context.Request.Path, problem.StatusCode);
        }
        else
        {
            LogRejected(logger, context.Request.Method, context.Request.Path, problem.StatusCode, exception.Message);
        }

        await problem.ExecuteAsync(context);
        return true;
    }

    internal static ProblemHttpResult ToProblem(Exception exception) => exception switch
    {
        BackupException e => Problems.For(e.Code, e.Message),
        BadHttpRequestException { InnerException: JsonException json } => Problems.For(ErrorCodes.InvalidJson, JsonDetail(json)),
        BadHttpRequestException e when e.StatusCode == StatusCodes.Status400BadRequest => Problems.For(ErrorCodes.InvalidRequest, e.Message),
        BadHttpRequestException e => Problems.For(ErrorCodes.InvalidRequest, e.Message, e.StatusCode),
        _ when IsClusterUnavailable(exception) => Problems.For(ErrorCodes.ClusterUnavailable, "The backup cluster cannot be reached; try again shortly."),
        _ => Problems.For(ErrorCodes.Internal, "An unexpected error occurred; it has been logged."),
    };

    /// <summary>Failures of the client's connection to the cluster, not of the request.</summary>
    internal static bool IsClusterUnavailable(Exception exception) => exception switch
    {
        SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException
            or GatewayTooBusyException or TimeoutException => true,
        // The client is not (yet, or no longer) connected.
        InvalidOperationException e when e.Source?.StartsWith("Orleans", StringComparison.Ordinal) == true => true,
        OrleansException { InnerException: { } inner } => IsClusterUnavailable(inner),
        _ => false,
    };

    private static string JsonDetail(JsonException json) =>
        json.Path is { Length: > 0 } path ? $"Invalid JSON at {path}: {json.Message}" : $"Invalid JSON: {json.Message}";

    [LoggerMessage(2001, LogLevel.Error, "{Method} {Path} failed with {Status}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string path, int? status);

    [LoggerMessage(2002, LogLevel.Debug, "{Method} {Path} rejected with {Status}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string method, string path, int? status, string reason);
}
