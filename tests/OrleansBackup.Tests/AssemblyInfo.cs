// The service targets Linux (statx, fsync of directories, POSIX modes); so do its tests.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// Test classes run one after another: the process and cluster tests start several silos each, and
// on a 2-core machine running them side by side would make their failover timings meaningless.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
