using OrleansBackup.Api.Apis;
using OrleansBackup.Api.Health;
using OrleansBackup.Api.OpenApi;

namespace OrleansBackup.Api.Hosting;

/// <summary>Builds the Api application: services, then the pipeline and endpoints.</summary>
internal static class ApiHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddApiOptions(args);
        builder.AddApiLogging();
        builder.AddBackupClusterClient();
        builder.AddApiServices();

        var app = builder.Build();
        app.UseApiPipeline();
        app.MapClassicApi();
        app.MapJobsApi();
        app.MapClusterApi();
        app.MapApiHealthChecks();
        app.MapApiDocumentation();
        return app;
    }
}
