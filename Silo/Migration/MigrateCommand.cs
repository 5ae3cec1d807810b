using OrleansBackup.Hosting;

namespace OrleansBackup.Silo.Migration;

/// <summary><c>OrleansBackup.Silo migrate --from DIR [--dry-run | --verify-migration] [--job ID]</c>
/// (what <c>deploy/migrate.sh</c> runs): brings the old single-file server's
/// <c>backup_status.json</c> and <c>backup_history.json</c> into the running service, as a job and
/// its past runs, through the grains. The service must be running (the README's run command).</summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    /// <summary>Exit codes, documented in the README's migration section.</summary>
    public static class ExitCodes
    {
        /// <summary>Imported (or nothing new to import); verification found no difference.</summary>
        public const int Ok = 0;
        /// <summary>Verification found a difference, or the service refused the import.</summary>
        public const int Mismatch = 1;
        /// <summary>Bad usage or configuration.</summary>
        public const int Usage = SettingsLoader.InvalidSettingsExitCode;
        /// <summary>The service could not be reached.</summary>
        public const int Unreachable = 4;
        /// <summary>An old file is missing, empty, broken or holds a value that does not fit (sysexits' EX_DATAERR): nothing was imported.</summary>
        public const int BadInput = 65;
    }

    public sealed record Options(string From, bool DryRun, bool Verify, string JobId, TimeZoneInfo Zone);

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, CancellationToken cancellationToken = default)
    {
        var stdout = output ?? Console.Out;
        if (!TryParse(args, out var options, out var rest, out var usageError))
        {
            if (usageError is null) { await stdout.WriteLineAsync(Usage); return ExitCodes.Ok; }
            await Console.Error.WriteLineAsync($"{Name}: {usageError}\n{Usage}");
            return ExitCodes.Usage;
        }
        if (await SettingsLoader.LoadOrReportAsync(rest) is not { } settings) return ExitCodes.Usage;

        try
        {
            var plan = MigrationPlan.Read(options.From, options.JobId, options.Zone);
            if (!options.DryRun && !options.Verify) await SaveCopiesAsync(options.From, stdout);
            using var client = await MigrationClient.ConnectAsync(settings, cancellationToken);
            var grains = client.Services.GetRequiredService<IGrainFactory>();
            if (options.Verify) return await VerifyAsync(new MigrationVerifier(grains), plan, stdout);
            return await ImportAsync(new MigrationImporter(grains), plan, options.DryRun, stdout);
        }
        catch (MigrationInputException ex)
        {
            await Console.Error.WriteLineAsync($"{Name}: {ex.Message}\nNothing was imported.");
            return ExitCodes.BadInput;
        }
        catch (MigrationServiceException ex)
        {
            await Console.Error.WriteLineAsync($"{Name}: {ex.Message}");
            return ex.Message.StartsWith("cannot reach", StringComparison.Ordinal) ? ExitCodes.Unreachable : ExitCodes.Mismatch;
        }
    }

    private static async Task<int> ImportAsync(MigrationImporter importer, MigrationPlan plan, bool dryRun, TextWriter output)
    {
        await output.WriteLineAsync($"From the old server: {plan.Status.Directories.Count} selected directories -> {plan.Status.Destination}, " +
            $"state '{plan.Status.State ?? "unknown"}', {plan.History.Length} past backups.");
        var outcome = dryRun ? await importer.PreviewAsync(plan) : await importer.ImportAsync(plan);
        var verb = dryRun ? "Would import" : "Imported";
        await output.WriteLineAsync(outcome.JobAlreadyThere
            ? $"Job '{plan.JobId}': already there with this selection (kept)."
            : $"{verb} job '{plan.JobId}': {string.Join(", ", plan.Definition.Sources)} -> {plan.Definition.Destination}.");
        await output.WriteLineAsync($"{verb} {outcome.Runs.Added} past runs; {outcome.Runs.AlreadyPresent} were imported before; " +
            $"the job then holds {outcome.Runs.Total} imported runs.");
        if (plan.Interrupted is { } interrupted)
            await output.WriteLineAsync($"The old server was {plan.Status.State} when it stopped: that run is imported as Stopped ({interrupted.RunId}); start the job to back up again.");
        if (!dryRun) await output.WriteLineAsync($"Check it with: deploy/migrate.sh --verify-migration --from <dir>{(plan.JobId == MigrationPlan.DefaultJobId ? "" : $" --job {plan.JobId}")}");
        return ExitCodes.Ok;
    }

    private static async Task<int> VerifyAsync(MigrationVerifier verifier, MigrationPlan plan, TextWriter output)
    {
        var report = await verifier.VerifyAsync(plan);
        foreach (var line in report.Checked) await output.WriteLineAsync($"ok       {line}");
        foreach (var line in report.Mismatches) await output.WriteLineAsync($"MISMATCH {line}");
        await output.WriteLineAsync(report.Agrees
            ? "The migration agrees with the old files."
            : $"{report.Mismatches.Count} difference(s) between the service and the old files.");
        return report.Agrees ? ExitCodes.Ok : ExitCodes.Mismatch;
    }

    /// <summary>The old instructions: keep a copy of both files first. An existing copy is never overwritten.</summary>
    private static async Task SaveCopiesAsync(string directory, TextWriter output)
    {
        foreach (var name in new[] { LegacyFiles.StatusFile, LegacyFiles.HistoryFile })
        {
            var source = Path.Combine(directory, name);
            var copy = source + ".backup";
            if (File.Exists(copy))
            {
                await output.WriteLineAsync($"Kept the existing copy {copy}.");
                continue;
            }
            File.Copy(source, copy, overwrite: false);
            await output.WriteLineAsync($"Saved a copy: {copy}");
        }
    }

    public const string Usage = """
        usage: OrleansBackup.Silo migrate --from DIR [--dry-run | --verify-migration] [--job ID] [--timezone ZONE]

        Imports the old backup server's backup_status.json and backup_history.json (in DIR) into the
        running service: the selection and destination as a job, the history as past runs.
          --from DIR            the directory holding the two files
          --dry-run             print what would be imported; change nothing
          --verify-migration    compare what was imported with the files; exit 1 on any difference
          --job ID              the job to import into (default: default, the classic API's job)
          --timezone ZONE       zone of times written without one (default: this machine's, as the old server wrote local time)
        Exit codes: 0 done, 1 difference found or import refused, 2 bad usage, 4 service unreachable, 65 bad input file (nothing imported).
        """;

    internal static bool TryParse(string[] args, out Options options, out string[] rest, out string? error)
    {
        options = null!;
        error = null;
        string? from = null, job = null, zone = null;
        bool dryRun = false, verify = false;
        var others = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h": rest = []; return false;
                case "--dry-run": dryRun = true; break;
                case "--verify-migration": verify = true; break;
                case "--from" or "--job" or "--timezone" when i + 1 >= args.Length:
                    rest = []; error = $"{args[i]} needs a value"; return false;
                case "--from": from = args[++i]; break;
                case "--job": job = args[++i]; break;
                case "--timezone": zone = args[++i]; break;
                default: others.Add(args[i]); break;
            }
        }
        rest = [.. others];
        if (from is null) { error = "--from DIR is required"; return false; }
        if (!Directory.Exists(from)) { error = $"--from: '{from}' is not a directory"; return false; }
        if (dryRun && verify) { error = "--dry-run and --verify-migration do not go together"; return false; }
        job ??= MigrationPlan.DefaultJobId;
        if (!Repository.JobIds.IsValid(job)) { error = $"--job: '{job}' is not a valid job id"; return false; }
        TimeZoneInfo timeZone;
        try
        {
            timeZone = zone is null ? TimeZoneInfo.Local : TimeZoneInfo.FindSystemTimeZoneById(zone);
        }
        catch (TimeZoneNotFoundException)
        {
            error = $"--timezone: '{zone}' is not a known time zone (e.g. UTC, Europe/Berlin)";
            return false;
        }
        options = new Options(Path.GetFullPath(from), dryRun, verify, job, timeZone);
        return true;
    }
}
