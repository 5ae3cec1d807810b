using OrleansBackup.Api.Hosting;

namespace OrleansBackup.Api;

/// <summary>The Api process: an Orleans client serving the REST api on 127.0.0.1.</summary>
public partial class Program
{
    public static async Task<int> Main(string[] args)
    {
        WebApplication? app = null;
        try
        {
            app = ApiHost.Build(args);
            await app.StartAsync();
            await app.WaitForShutdownAsync();
            return 0;
        }
        catch (Exception e) when (StartupErrors.TryDescribe(e, out var message))
        {
            await Console.Error.WriteLineAsync($"orleans-backup api: {message}");
            return StartupErrors.ExitCodeOf(e);
        }
        catch (Exception) when (app?.Lifetime.ApplicationStopping.IsCancellationRequested == true)
        {
            return 0; // stopped (Ctrl+C) while still waiting for the cluster
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }
}
