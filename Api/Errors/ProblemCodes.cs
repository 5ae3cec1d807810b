using Microsoft.AspNetCore.Http;
using OrleansBackup.Contracts;

namespace OrleansBackup.Api.Errors;

/// <summary>Gives problems written by the framework itself (no route: 404, wrong method: 405, ...)
/// the same shape as the catalogue's: a <c>code</c>, a <c>type</c> and a <c>detail</c>.</summary>
internal static class ProblemCodes
{
    public static void AddMissingCode(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code"))
        {
            return;
        }

        var code = problem.Status >= StatusCodes.Status500InternalServerError ? ErrorCodes.Internal : ErrorCodes.InvalidRequest;
        problem.Extensions["code"] = code;
        problem.Type = ErrorCatalog.TypeBase + code;
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status404NotFound => $"No endpoint at {context.HttpContext.Request.Method} {context.HttpContext.Request.Path}.",
            StatusCodes.Status405MethodNotAllowed => $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}.",
            _ => problem.Title ?? "The request failed.",
        };
    }
}
