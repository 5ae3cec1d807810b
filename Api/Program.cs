using OrleansBackup.Api.Hosting;

namespace OrleansBackup.Api;

/// <summary>The Api process: an Orleans client serving the REST api on 127.0.0.1.</summary>
public partial class Program
{
    public static async Task<int> Main(string[] args)
    {
        WebApplication app;
        try
        {
            app = ApiHost.Build(args);
            await app.StartAsync();
        }
        catch (Exception e) when (StartupErrors.TryDescribe(e, out var message))
        {
            await Console.Error.WriteLineAsync($"orleans-backup api: {message}");
            return StartupErrors.ExitCode;
        }

        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return 0;
    }
}
