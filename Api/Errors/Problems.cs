using Microsoft.AspNetCore.Http.HttpResults;

namespace OrleansBackup.Api.Errors;

/// <summary>Builds application/problem+json answers from <see cref="ErrorCatalog"/> codes.</summary>
public static class Problems
{
    /// <summary>A ProblemDetails with <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c> and the
    /// extension <c>code</c>; <paramref name="status"/> overrides the catalogue's only for transport
    /// errors (e.g. 415) that share a code.</summary>
    public static ProblemHttpResult For(string code, string detail, int? status = null, IDictionary<string, object?>? extensions = null)
    {
        var entry = ErrorCatalog.Lookup(code);
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["code"] = code };
        return TypedResults.Problem(
            detail: detail,
            statusCode: status ?? entry.Status,
            title: entry.Title,
            type: ErrorCatalog.TypeBase + code,
            extensions: all);
    }
}
