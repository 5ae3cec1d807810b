using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using OrleansBackup.Hosting;

namespace OrleansBackup.Api.Hosting;

/// <summary>Keeps the loopback promise whatever configured the listeners (BACKUP_PORT,
/// <c>Kestrel__Endpoints__X__Url</c>, <c>ASPNETCORE_URLS</c>, <c>--urls</c>): once the web server has
/// bound, the addresses it really listens on are checked, and without BACKUP_API_TOKEN any address
/// beyond loopback stops it at once and fails start-up with a <see cref="SettingsException"/> (exit
/// code 2). Until then no call from outside gets through anyway: <see cref="BearerTokenGuard"/>
/// answers 401 when no token is configured.</summary>
internal sealed class LoopbackOnlyServer(IServer inner, IOptions<ApiOptions> options, IHostApplicationLifetime lifetime) : IServer
{
    public IFeatureCollection Features => inner.Features;

    public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        await inner.StartAsync(application, cancellationToken);
        var addresses = inner.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var beyond = addresses.Where(a => !IsLoopback(a)).ToList();
        if (beyond.Count == 0 || options.Value.Settings.ApiToken is not null) return;

        await inner.StopAsync(CancellationToken.None);
        // The cluster client retries until the application stops; start-up then ends with this error.
        lifetime.StopApplication();
        throw new SettingsException([$"{SettingKeys.Describe(SettingKeys.ApiToken)}: required when the Api listens beyond loopback " +
                                     $"(it was bound to {string.Join(", ", beyond)})"]);
    }

    public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);

    public void Dispose() => inner.Dispose();

    /// <summary>True for a loopback IP, "localhost" (Kestrel binds it to 127.0.0.1 and ::1 only) and a
    /// Unix socket; false for a wildcard (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, <c>+</c>) or any other address.</summary>
    internal static bool IsLoopback(string address)
    {
        var binding = BindingAddress.Parse(address);
        if (binding.IsUnixPipe) return true;
        var host = binding.Host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>Wraps the web server registered so far (Kestrel) in this check.</summary>
    public static void Register(IServiceCollection services)
    {
        var kestrel = services.LastOrDefault(d => d.ServiceType == typeof(IServer));
        if (kestrel?.ImplementationType is not { } type) return;
        services.Remove(kestrel);
        services.AddSingleton(type);
        services.AddSingleton<IServer>(sp => new LoopbackOnlyServer((IServer)sp.GetRequiredService(type),
            sp.GetRequiredService<IOptions<ApiOptions>>(), sp.GetRequiredService<IHostApplicationLifetime>()));
    }
}
