using System.CommandLine;
using OrleansBackup.Hosting;

namespace OrleansBackup.Silo.Cli;

/// <summary>The settings a served process takes on its command line (the layer above config.json and
/// the BACKUP_* environment). Each option sets one key of <see cref="SettingKeys"/>; values are
/// checked by <see cref="SettingsLoader"/>, so a bad one is reported by key and exits 2 as before.
/// Secrets (Db, ApiToken) are environment-only: a command line is visible to every local user.</summary>
public sealed class SettingsOptions
{
    private static readonly (string Name, string Key, string Description)[] Table =
    [
        ("--port", SettingKeys.Port, "Api HTTP port on 127.0.0.1 (BACKUP_PORT, default 8888)"),
        ("--dest", SettingKeys.Destination, "Default destination directory (BACKUP_DEST)"),
        ("--max-workers", SettingKeys.MaxWorkers, "Concurrent file copies per silo, 1-256 (BACKUP_MAX_WORKERS, default 4)"),
        ("--log-dir", SettingKeys.LogDir, "Log directory (BACKUP_LOG_DIR, default logs)"),
        ("--allowed-roots", SettingKeys.AllowedRoots, "':'-separated roots sources and destinations must lie under (BACKUP_ALLOWED_ROOTS)"),
        ("--silo-port", SettingKeys.SiloPort, "Silo-to-silo port (BACKUP_SILO_PORT, default 11111)"),
        ("--gateway-port", SettingKeys.GatewayPort, "Client gateway port (BACKUP_GATEWAY_PORT, default 30000)"),
        ("--dashboard-port", SettingKeys.DashboardPort, "Orleans dashboard port, 0 = off (BACKUP_DASHBOARD_PORT, default 8889)"),
        ("--capabilities", SettingKeys.Capabilities, "Comma-separated capabilities of this silo (BACKUP_CAPABILITIES, default all)"),
        ("--silo-roots", SettingKeys.SiloRoots, "':'-separated roots this silo reaches (BACKUP_SILO_ROOTS)"),
        ("--silo-name", SettingKeys.SiloName, "Silo name in status and the dashboard (BACKUP_SILO_NAME)"),
        ("--advertised-address", SettingKeys.AdvertisedAddress, "IP address advertised to other silos and clients (BACKUP_ADVERTISED_ADDRESS)"),
        ("--cluster-id", SettingKeys.ClusterId, "Cluster (and service) id (BACKUP_CLUSTER_ID, default orleans-backup)"),
        ("--schedule-check-seconds", SettingKeys.ScheduleCheckSeconds, "How often scheduled jobs check for a due run, 1-3600 (BACKUP_SCHEDULE_CHECK_SECONDS)"),
        ("--max-bytes-per-second", SettingKeys.MaxBytesPerSecond, "Copy bandwidth limit per silo, 0 = unlimited (BACKUP_MAX_BYTES_PER_SECOND)"),
    ];

    private readonly List<(Option<string> Option, string Key)> _values;
    private readonly Option<bool> _debug = new("--debug") { Description = "Debug-level logging (BACKUP_DEBUG)" };

    public SettingsOptions()
    {
        _values = [.. Table.Select(t => (new Option<string>(t.Name) { Description = t.Description, HelpName = "value" }, t.Key))];
    }

    /// <summary>Adds every settings option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var (option, _) in _values) command.Options.Add(option);
        command.Options.Add(_debug);
    }

    /// <summary>The parsed options as configuration command-line arguments (<c>--Key value</c>), for
    /// <see cref="SettingsLoader.Load"/>.</summary>
    public string[] ToLoaderArgs(ParseResult parsed)
    {
        var args = new List<string>();
        foreach (var (option, key) in _values)
            if (parsed.GetValue(option) is { } value) args.AddRange([$"--{key}", value]);
        if (parsed.GetValue(_debug)) args.AddRange([$"--{SettingKeys.Debug}", "true"]);
        return [.. args];
    }
}
