using System.Collections.Immutable;

namespace OrleansBackup.Contracts;

/// <summary>Describes the cluster for <c>GET /api/cluster</c>: silos, what each can do and reach,
/// and its load. A stateless worker: answered by whichever silo the caller reaches.</summary>
[Alias("OrleansBackup.IClusterInfoGrain")]
public interface IClusterInfoGrain : IGrainWithIntegerKey
{
    [Alias("Describe")]
    Task<ImmutableArray<SiloInfo>> DescribeAsync();
}

/// <summary>One silo of the cluster.</summary>
/// <param name="Address">Silo address (host:port@generation), as shown in job status.</param>
/// <param name="Name">Silo name.</param>
/// <param name="Status">Membership status (Active, Joining, ShuttingDown, Dead, ...).</param>
/// <param name="Capabilities">What it can do.</param>
/// <param name="Roots">Directories it can reach.</param>
/// <param name="Activations">Grain activations it hosts (load).</param>
/// <param name="CpuUsagePercent">CPU usage, when known.</param>
/// <param name="MemoryUsageBytes">Memory in use, when known.</param>
[GenerateSerializer, Immutable, Alias("OrleansBackup.SiloInfo")]
public sealed record SiloInfo(
    [property: Id(0)] string Address,
    [property: Id(1)] string Name,
    [property: Id(2)] string Status,
    [property: Id(3)] ImmutableArray<string> Capabilities,
    [property: Id(4)] ImmutableArray<string> Roots,
    [property: Id(5)] int Activations,
    [property: Id(6)] float? CpuUsagePercent,
    [property: Id(7)] long? MemoryUsageBytes);
