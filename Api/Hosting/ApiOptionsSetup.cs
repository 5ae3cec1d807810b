using System.Globalization;
using Microsoft.Extensions.Options;

namespace OrleansBackup.Api.Hosting;

/// <summary>Reads <see cref="ApiOptions"/> from configuration. Values that do not parse are left at
/// their defaults here and reported by <see cref="ApiOptionsValidator"/>, which sees the raw text.</summary>
internal sealed class ApiOptionsSetup(IConfiguration configuration) : IConfigureOptions<ApiOptions>
{
    public void Configure(ApiOptions options)
    {
        if (TryPort(configuration[ApiOptions.PortKey], out var port))
        {
            options.Port = port;
        }

        if (TryPort(configuration[ApiOptions.GatewayPortKey], out var gatewayPort))
        {
            options.GatewayPort = gatewayPort;
        }

        options.Destination = NullIfEmpty(configuration[ApiOptions.DestinationKey]) ?? options.Destination;
        options.LogDir = configuration[ApiOptions.LogDirKey] ?? options.LogDir;
        options.ClusterId = configuration[ApiOptions.ClusterIdKey] ?? options.ClusterId;
        options.ServiceId = configuration[ApiOptions.ServiceIdKey] ?? options.ServiceId;
        options.AllowedRoots = ReadList(configuration.GetSection(ApiOptions.AllowedRootsKey));
    }

    /// <summary>True when <paramref name="text"/> is a port number 1..65535.</summary>
    public static bool TryPort(string? text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;

    /// <summary>A ':'-separated string (environment) or an array (config file).</summary>
    private static string[] ReadList(IConfigurationSection section) =>
        section.Value is { } joined
            ? joined.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [.. section.GetChildren().Select(c => c.Value).OfType<string>()];

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
