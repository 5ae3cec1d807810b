using System.Collections.Immutable;
using OrleansBackup.Contracts;
using OrleansBackup.Grains.Placement;

namespace OrleansBackup.Grains.Catalog;

/// <summary>Answers <c>GET /api/cluster</c> from the silo the caller reached: membership, each
/// silo's published profile, and load from the management grain.</summary>
[StatelessWorker]
public sealed class ClusterInfoGrain(IClusterMembershipService membership, ClusterProfiles profiles) : Grain, IClusterInfoGrain
{
    public async Task<ImmutableArray<SiloInfo>> DescribeAsync()
    {
        var members = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status is not SiloStatus.Dead and not SiloStatus.None)
            .OrderBy(m => m.SiloAddress.ToParsableString(), StringComparer.Ordinal)
            .ToList();
        var active = members.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToArray();
        var management = GrainFactory.GetGrain<IManagementGrain>(0);
        var stats = active.Length == 0 ? [] : await management.GetRuntimeStatistics(active);
        var load = active.Zip(stats).ToDictionary(p => p.First, p => p.Second);

        return [.. members.Select(m =>
        {
            var profile = profiles.ProfileOf(m.SiloAddress);
            load.TryGetValue(m.SiloAddress, out var s);
            return new SiloInfo(m.SiloAddress.ToParsableString(), m.Name, m.Status.ToString(),
                profile.Capabilities, profile.Roots, s?.ActivationCount ?? 0, s?.EnvironmentStatistics.FilteredCpuUsagePercentage,
                s?.EnvironmentStatistics.FilteredMemoryUsageBytes);
        })];
    }
}
