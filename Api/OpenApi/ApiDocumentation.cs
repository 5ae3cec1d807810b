using Scalar.AspNetCore;

namespace OrleansBackup.Api.OpenApi;

/// <summary>The API description: the OpenAPI document at <c>/openapi/v1.json</c> (every endpoint,
/// its error codes, required fields, bounds) and a reference page reading it at <c>/docs</c>
/// (Scalar, served from the Api itself: no CDN).</summary>
internal static class ApiDocumentation
{
    /// <summary>Where the reference page is served.</summary>
    public const string DocsPath = "/docs";

    /// <summary>Where the OpenAPI document is served.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    public static void AddApiDocumentation(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Orleans.Backup API";
            document.Info.Description =
                "Backups across a cluster of Orleans silos: define jobs, start, pause, resume and stop runs, watch their status. " +
                "Errors are RFC 9457 problems with a stable `code` (listed per response). Off loopback every call needs " +
                "`Authorization: Bearer <BACKUP_API_TOKEN>`.";
            return Task.CompletedTask;
        });
        o.AddOperationTransformer<ErrorResponsesTransformer>();
        o.AddSchemaTransformer<RequiredPropertiesTransformer>();
    });

    public static void MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(DocsPath, o => o
            .WithTitle("Orleans.Backup API reference")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json"));
    }
}
