using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrleansBackup.Api.Errors;

namespace OrleansBackup.Api.OpenApi;

/// <summary>Describes each problem response by the codes it carries, e.g. 409: "invalid_transition:
/// Not allowed in the job's current state; job_busy: The job is running", and lists them in
/// <c>x-error-codes</c> for tools.</summary>
internal sealed class ErrorResponsesTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ErrorCodesMetadata>().LastOrDefault() is not { } errors)
        {
            return Task.CompletedTask;
        }

        operation.Responses ??= new OpenApiResponses();
        foreach (var group in errors.Codes.GroupBy(c => ErrorCatalog.Lookup(c).Status))
        {
            var key = group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!operation.Responses.TryGetValue(key, out var response) || response is not OpenApiResponse concrete)
            {
                operation.Responses[key] = concrete = new OpenApiResponse();
            }

            concrete.Description = "ProblemDetails with `code` " +
                string.Join("; ", group.Select(c => $"`{c}`: {ErrorCatalog.Lookup(c).Title}"));
            concrete.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            concrete.Extensions["x-error-codes"] = new JsonNodeExtension(new System.Text.Json.Nodes.JsonArray([.. group.Select(c => System.Text.Json.Nodes.JsonValue.Create(c))]));
        }

        return Task.CompletedTask;
    }
}
