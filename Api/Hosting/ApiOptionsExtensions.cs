using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace OrleansBackup.Api.Hosting;

internal static class ApiOptionsExtensions
{
    /// <summary>Registers <see cref="ApiOptions"/> (validated at start) and binds Kestrel to 127.0.0.1:Port.</summary>
    public static void AddApiOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IConfigureOptions<ApiOptions>, ApiOptionsSetup>();
        builder.Services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        builder.Services.AddOptions<ApiOptions>().ValidateOnStart();

        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<ApiOptions>>((kestrel, api) => kestrel.Listen(IPAddress.Loopback, api.Value.Port));
    }
}
