// The service targets Linux (statx, fsync of directories, POSIX modes); so do its tests.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
