using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Orleans.Runtime;
using OrleansBackup.Api.Errors;
using OrleansBackup.Contracts;

namespace OrleansBackup.Tests.Api;

/// <summary>Unit tests of the one error catalogue and the exception mapping (no server).</summary>
public sealed class ErrorCatalogTests
{
    /// <summary>Per-file codes live in run status, never in an HTTP answer.</summary>
    private static readonly string[] PerFileCodes =
    [
        ErrorCodes.PermissionDenied, ErrorCodes.FileVanished, ErrorCodes.FileChanged, ErrorCodes.NameTooLong,
        ErrorCodes.SpecialFileSkipped, ErrorCodes.VerifyMismatch, ErrorCodes.IoError, ErrorCodes.NoSpace,
    ];

    public static TheoryData<string> RequestCodes()
    {
        var data = new TheoryData<string>();
        foreach (var field in typeof(ErrorCodes).GetFields())
        {
            var code = (string)field.GetValue(null)!;
            if (!PerFileCodes.Contains(code))
            {
                data.Add(code);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RequestCodes))]
    public void Every_request_and_service_code_is_catalogued(string code) =>
        Assert.Contains(code, ErrorCatalog.Codes);

    [Theory]
    [InlineData(ErrorCodes.InvalidJson, 400)]
    [InlineData(ErrorCodes.UnknownAction, 400)]
    [InlineData(ErrorCodes.PathOutsideAllowedRoots, 403)]
    [InlineData(ErrorCodes.SourceNotFound, 422)]
    [InlineData(ErrorCodes.JobNotFound, 404)]
    [InlineData(ErrorCodes.JobBusy, 409)]
    [InlineData(ErrorCodes.NoSelection, 409)]
    [InlineData(ErrorCodes.InvalidTransition, 409)]
    [InlineData(ErrorCodes.ClusterUnavailable, 503)]
    [InlineData(ErrorCodes.Internal, 500)]
    public void Codes_map_to_their_status(string code, int status) => Assert.Equal(status, ErrorCatalog.Lookup(code).Status);

    public static TheoryData<Exception, string, int> Exceptions() => new()
    {
        { new BackupException(ErrorCodes.JobBusy, "busy"), ErrorCodes.JobBusy, 409 },
        { new BadHttpRequestException("bad", new JsonException("x")), ErrorCodes.InvalidJson, 400 },
        { new BadHttpRequestException("no body"), ErrorCodes.InvalidRequest, 400 },
        { new BadHttpRequestException("media type", 415), ErrorCodes.InvalidRequest, 415 },
        { new SiloUnavailableException(), ErrorCodes.ClusterUnavailable, 503 },
        { new Orleans.Runtime.Messaging.ConnectionFailedException("no gateway"), ErrorCodes.ClusterUnavailable, 503 },
        { new TimeoutException(), ErrorCodes.ClusterUnavailable, 503 },
        { new JsonException("a response that failed to serialize"), ErrorCodes.Internal, 500 },
        { new InvalidOperationException("bug"), ErrorCodes.Internal, 500 },
        { new ArgumentException("bug"), ErrorCodes.Internal, 500 },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Exceptions_map_to_catalogued_problems(Exception exception, string code, int status)
    {
        var problem = ApiExceptionHandler.ToProblem(exception);

        Assert.Equal(status, problem.StatusCode);
        Assert.Equal(code, problem.ProblemDetails.Extensions["code"]);
        Assert.Equal(ErrorCatalog.TypeBase + code, problem.ProblemDetails.Type);
    }
}
