using Microsoft.Extensions.Configuration;

namespace OrleansBackup.Hosting;

/// <summary>Builds the layered configuration (defaults &lt; config.json &lt; environment &lt; command
/// line) and parses it into <see cref="BackupSettings"/>, rejecting bad values with a message that
/// names the key instead of clamping them.</summary>
public static class SettingsLoader
{
    /// <summary>The config file: <c>BACKUP_CONFIG</c> if set (must exist), else ./config.json (optional).</summary>
    public static IConfigurationRoot BuildConfiguration(string[] args, IDictionary<string, string?>? environment = null)
    {
        var env = environment ?? ReadEnvironment();
        var builder = new ConfigurationBuilder();
        env.TryGetValue("BACKUP_CONFIG", out var configPath);
        if (!string.IsNullOrWhiteSpace(configPath))
        {
            var full = Path.GetFullPath(configPath);
            if (!File.Exists(full))
                throw new SettingsException([$"BACKUP_CONFIG: config file '{full}' does not exist"]);
            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }
        else
        {
            builder.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "config.json"), optional: true, reloadOnChange: false);
        }

        var fromEnv = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, key) in SettingKeys.Environment)
            if (env.TryGetValue(name, out var value) && value is not null) fromEnv[key] = value;
        builder.AddInMemoryCollection(fromEnv);
        builder.AddCommandLine(NormalizeArgs(args), SwitchMappings);
        return builder.Build();
    }

    /// <summary>Parses and validates; throws <see cref="SettingsException"/> listing every bad key.</summary>
    public static BackupSettings Parse(IConfiguration config)
    {
        var errors = new List<string>();
        var defaults = new BackupSettings();
        var settings = new BackupSettings
        {
            Port = Int(config, SettingKeys.Port, defaults.Port, 1, 65535, errors),
            Destination = NonEmpty(config[SettingKeys.Destination]),
            MaxWorkers = Int(config, SettingKeys.MaxWorkers, defaults.MaxWorkers, 1, 256, errors),
            LogDir = NonEmpty(config[SettingKeys.LogDir]) ?? defaults.LogDir,
            StateDir = StateDirectory(config, defaults.StateDir, errors),
            AllowedRoots = Roots(config, SettingKeys.AllowedRoots, errors) ?? defaults.AllowedRoots,
            SiloPort = Int(config, SettingKeys.SiloPort, defaults.SiloPort, 1, 65535, errors),
            GatewayPort = Int(config, SettingKeys.GatewayPort, defaults.GatewayPort, 1, 65535, errors),
            DashboardPort = Int(config, SettingKeys.DashboardPort, defaults.DashboardPort, 0, 65535, errors),
            Debug = Bool(config, SettingKeys.Debug, errors),
            Db = ConnectionString(config, SettingKeys.Db, errors),
            ApiToken = Token(config, errors),
            Capabilities = CapabilityList(config, errors) ?? defaults.Capabilities,
            SiloRoots = Roots(config, SettingKeys.SiloRoots, errors),
            SiloName = NonEmpty(config[SettingKeys.SiloName]),
            ScheduleCheckSeconds = Int(config, SettingKeys.ScheduleCheckSeconds, defaults.ScheduleCheckSeconds, 1, 3600, errors),
            MaxBytesPerSecond = Long(config, SettingKeys.MaxBytesPerSecond, defaults.MaxBytesPerSecond, 0, long.MaxValue / 4, errors),
            ClusterId = ClusterIdValue(config, defaults.ClusterId, errors),
            AdvertisedAddress = IpAddress(config, SettingKeys.AdvertisedAddress, defaults.AdvertisedAddress, errors),
        };
        if (settings.Destination is { } dest && !Path.IsPathFullyQualified(dest))
            errors.Add($"{SettingKeys.Describe(SettingKeys.Destination)}: '{dest}' must be an absolute path");
        if (errors.Count > 0) throw new SettingsException(errors);
        return settings;
    }

    /// <summary>Exit code of a process whose settings are invalid.</summary>
    public const int InvalidSettingsExitCode = 2;

    /// <summary>Loads the settings, or writes every bad key to stderr and returns null (the caller
    /// then exits with <see cref="InvalidSettingsExitCode"/>).</summary>
    public static async Task<BackupSettings?> LoadOrReportAsync(string[] args)
    {
        try
        {
            var config = BuildConfiguration(args);
            WarnUnknownKeys(config);
            return Parse(config);
        }
        catch (SettingsException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return null;
        }
    }

    /// <summary>Keys of the config file that are no setting ("MaxWorker"), each with the nearest known
    /// key: such a typo would otherwise be ignored without a word.</summary>
    public static IReadOnlyList<string> UnknownKeys(IConfigurationRoot config)
    {
        var known = SettingKeys.Environment.Values.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var warnings = new List<string>();
        foreach (var provider in config.Providers.OfType<Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider>())
        {
            foreach (var key in provider.GetChildKeys([], null).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (known.Contains(key, StringComparer.OrdinalIgnoreCase)) continue;
                var nearest = known.MinBy(k => EditDistance(k.ToLowerInvariant(), key.ToLowerInvariant()))!;
                warnings.Add($"{provider.Source.Path}: unknown key '{key}' is ignored (did you mean '{nearest}'?)");
            }
        }
        return warnings;
    }

    /// <summary>Writes <see cref="UnknownKeys"/> to stderr, one line each.</summary>
    public static void WarnUnknownKeys(IConfigurationRoot config)
    {
        foreach (var warning in UnknownKeys(config)) Console.Error.WriteLine("warning: " + warning);
    }

    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    /// <summary>Build + parse, for hosts: <c>Load(args)</c>.</summary>
    public static BackupSettings Load(string[] args, IDictionary<string, string?>? environment = null)
        => Parse(BuildConfiguration(args, environment));

    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--port"] = SettingKeys.Port,
        ["--dest"] = SettingKeys.Destination,
        ["--max-workers"] = SettingKeys.MaxWorkers,
        ["--log-dir"] = SettingKeys.LogDir,
        ["--state-dir"] = SettingKeys.StateDir,
        ["--allowed-roots"] = SettingKeys.AllowedRoots,
        ["--silo-port"] = SettingKeys.SiloPort,
        ["--gateway-port"] = SettingKeys.GatewayPort,
        ["--dashboard-port"] = SettingKeys.DashboardPort,
        ["--capabilities"] = SettingKeys.Capabilities,
        ["--silo-roots"] = SettingKeys.SiloRoots,
        ["--silo-name"] = SettingKeys.SiloName,
        ["--advertised-address"] = SettingKeys.AdvertisedAddress,
    };

    // "--debug" is a bare flag; the configuration command-line provider wants a value.
    private static string[] NormalizeArgs(string[] args)
        => args.SelectMany(a => a == "--debug" ? new[] { "--Debug", "true" } : [a]).ToArray();

    private static Dictionary<string, string?> ReadEnvironment()
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            result[(string)e.Key] = e.Value as string;
        return result;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int Int(IConfiguration config, string key, int fallback, int min, int max, List<string> errors)
    {
        var raw = NonEmpty(config[key]);
        if (raw is null) return fallback;
        if (int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= min && v <= max)
            return v;
        errors.Add($"{SettingKeys.Describe(key)}: '{raw}' must be a whole number from {min} to {max}");
        return fallback;
    }

    private static long Long(IConfiguration config, string key, long fallback, long min, long max, List<string> errors)
    {
        var raw = NonEmpty(config[key]);
        if (raw is null) return fallback;
        if (long.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= min && v <= max)
            return v;
        errors.Add($"{SettingKeys.Describe(key)}: '{raw}' must be a whole number from {min} to {max}");
        return fallback;
    }

    private static string ClusterIdValue(IConfiguration config, string fallback, List<string> errors)
    {
        var raw = NonEmpty(config[SettingKeys.ClusterId]);
        if (raw is null) return fallback;
        if (System.Text.RegularExpressions.Regex.IsMatch(raw, @"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")) return raw;
        errors.Add($"{SettingKeys.Describe(SettingKeys.ClusterId)}: '{raw}' must be 1-64 letters, digits, '.', '_' or '-'");
        return fallback;
    }

    // A literal address only (no host names: the clustering table stores what is advertised).
    private static System.Net.IPAddress IpAddress(IConfiguration config, string key, System.Net.IPAddress fallback, List<string> errors)
    {
        var raw = NonEmpty(config[key]);
        if (raw is null) return fallback;
        if (System.Net.IPAddress.TryParse(raw, out var address)
            && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || raw.Count(c => c == '.') == 3)
            && !address.Equals(System.Net.IPAddress.Any) && !address.Equals(System.Net.IPAddress.IPv6Any))
            return address;
        errors.Add($"{SettingKeys.Describe(key)}: '{raw}' must be an IP address such as 10.0.0.5 (the address other silos and clients reach this one at)");
        return fallback;
    }

    // A directory the silo can create: no control characters (a newline in a path is a mistake), and
    // not an existing file.
    private static string StateDirectory(IConfiguration config, string fallback, List<string> errors)
    {
        var raw = NonEmpty(config[SettingKeys.StateDir]);
        if (raw is null) return fallback;
        if (raw.Any(char.IsControl))
            errors.Add($"{SettingKeys.Describe(SettingKeys.StateDir)}: the path holds a control character");
        else if (File.Exists(raw))
            errors.Add($"{SettingKeys.Describe(SettingKeys.StateDir)}: '{raw}' is a file, not a directory");
        else
            return raw;
        return fallback;
    }

    private static string? Token(IConfiguration config, List<string> errors)
    {
        var raw = NonEmpty(config[SettingKeys.ApiToken]);
        if (raw is null || raw.Length >= 16) return raw;
        // Never echo a secret, not even a bad one.
        errors.Add($"{SettingKeys.Describe(SettingKeys.ApiToken)}: must be at least 16 characters");
        return null;
    }

    private static bool Bool(IConfiguration config, string key, List<string> errors)
    {
        var raw = NonEmpty(config[key]);
        if (raw is null) return false;
        if (bool.TryParse(raw, out var b)) return b;
        if (raw == "1") return true;
        if (raw == "0") return false;
        errors.Add($"{SettingKeys.Describe(key)}: '{raw}' must be true or false");
        return false;
    }

    // Checks the syntax only (key=value;...); the message never echoes the value, which holds a password.
    private static string? ConnectionString(IConfiguration config, string key, List<string> errors)
    {
        var raw = NonEmpty(config[key]);
        if (raw is null) return null;
        try
        {
            var parsed = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = raw };
            if (parsed.Count > 0) return raw;
        }
        catch (ArgumentException)
        {
        }
        errors.Add($"{SettingKeys.Describe(key)}: not a connection string (expected Host=...;Port=...;Database=...;Username=...;Password=...)");
        return null;
    }

    private static IReadOnlyList<string>? CapabilityList(IConfiguration config, List<string> errors)
    {
        var section = config.GetSection(SettingKeys.Capabilities);
        var items = section.GetChildren().Select(c => c.Value).Where(v => v is not null).Select(v => v!.Trim()).ToList();
        if (items.Count == 0 && NonEmpty(section.Value) is { } joined)
            items = joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (items.Count == 0) return null;
        foreach (var unknown in items.Where(c => !OrleansBackup.Contracts.Capabilities.All.Contains(c)))
            errors.Add($"{SettingKeys.Describe(SettingKeys.Capabilities)}: '{unknown}' is not a capability (known: {string.Join(", ", OrleansBackup.Contracts.Capabilities.All)})");
        return items.Distinct(StringComparer.Ordinal).ToArray();
    }

    private static IReadOnlyList<string>? Roots(IConfiguration config, string key, List<string> errors)
    {
        var section = config.GetSection(key);
        var items = section.GetChildren().Select(c => c.Value).Where(v => v is not null).Select(v => v!).ToList();
        if (items.Count == 0 && NonEmpty(section.Value) is { } joined)
            items = joined.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (items.Count == 0) return null;
        foreach (var root in items.Where(r => !Path.IsPathFullyQualified(r)))
            errors.Add($"{SettingKeys.Describe(key)}: '{root}' must be an absolute path");
        return items.Select(r => Path.TrimEndingDirectorySeparator(r)).Select(r => r.Length == 0 ? "/" : r).ToArray();
    }
}

/// <summary>Configuration was invalid; <see cref="Errors"/> names every bad key.</summary>
public sealed class SettingsException(IReadOnlyList<string> errors)
    : Exception("Invalid configuration:\n  " + string.Join("\n  ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
