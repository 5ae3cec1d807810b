namespace OrleansBackup.Silo;

/// <summary>Kubernetes integration (Microsoft.Orleans.Hosting.Kubernetes), on only inside a pod.
/// The package takes the silo name from <c>POD_NAME</c> (it must be the pod's name: the agent matches
/// silos to pods by it), labels the pod <c>orleans/serviceId</c> / <c>orleans/clusterId</c>, and
/// declares dead the silos whose pods are gone. Manifests: deploy/k8s.</summary>
public static class KubernetesHosting
{
    /// <summary>Set by the kubelet in every container of a pod.</summary>
    public const string Marker = "KUBERNETES_SERVICE_HOST";

    public static bool IsInCluster(Func<string, string?>? getEnvironment = null)
        => !string.IsNullOrEmpty((getEnvironment ?? Environment.GetEnvironmentVariable)(Marker));

    /// <summary>Calls <c>UseKubernetesHosting()</c> when running in Kubernetes. Call it after the
    /// silo's own <c>SiloOptions</c>/<c>ClusterOptions</c>, so the pod name and <c>ORLEANS_CLUSTER_ID</c>
    /// (set to the same value as <c>BACKUP_CLUSTER_ID</c>) win. The advertised address is set by
    /// <c>BACKUP_ADVERTISED_ADDRESS</c> (the manifests pass the pod IP), not by the package.</summary>
    public static ISiloBuilder UseKubernetesHostingWhenInCluster(this ISiloBuilder silo)
        => IsInCluster() ? silo.UseKubernetesHosting() : silo;
}
