using System.IO.Compression;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.ResponseCompression;
using OrleansBackup.Api.Errors;
using OrleansBackup.Api.Health;
using OrleansBackup.Api.OpenApi;

namespace OrleansBackup.Api.Hosting;

/// <summary>HTTP services and the middleware pipeline.</summary>
internal static class ApiServices
{
    public static void AddApiServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.ConfigureHttpJsonOptions(o =>
        {
            // Web defaults: camelCase, nulls written (a null filesTotal is "filesTotal": null).
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            o.SerializerOptions.TypeInfoResolver = (o.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(DefaultImmutableArrays.Modify);
        });

        // Binding failures throw, so ApiExceptionHandler answers them with a coded problem.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemCodes.AddMissingCode);
        services.AddExceptionHandler<ApiExceptionHandler>();

        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/problem+json"]);
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);

        services.AddApiDocumentation();
        services.AddApiHealthChecks();
        LoopbackOnlyServer.Register(services);
    }

    public static void UseApiPipeline(this WebApplication app)
    {
        app.UseMiddleware<RequestLogging>();
        app.UseMiddleware<BearerTokenGuard>();
        app.UseResponseCompression();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
    }
}
