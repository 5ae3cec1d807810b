using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.EndToEnd;

/// <summary>The service as a user runs it: real Silo and Api processes, driven over HTTP.</summary>
public sealed class ServiceProcessTests : IDisposable
{
    private readonly TempTree _tree = new("obk-e2e");

    public void Dispose() => _tree.Dispose();

    private static readonly string[] ContractFields = StatusContract.Fields;

    /// <summary>Fields a first run with no dead silo, no schedule and no failure leaves empty or 0.</summary>
    private static readonly string[] EmptyOnAPlainFirstRun =
        ["finishedAt", "filesSkipped", "redispatches", "lastRedispatchAt", "nextScheduledRunAt", "message"];

    [Fact]
    public async Task Backup_of_the_acceptance_tree_through_the_api_as_an_unprivileged_silo()
    {
        Assert.True(ServiceProcesses.IsRoot, "these tests run as root (as in CI) so the silo can drop to nobody");
        var files = SourceTrees.BuildAcceptanceTree(_tree, "data", topDirs: 10, subDirs: 10, filesPerDir: 19, largeFileBytes: 100 << 20);
        // Replace the injected-error file with a truly unreadable one: mode 000, owned by root.
        var unreadable = _tree.Path_("data", "locked.bin");
        await File.WriteAllTextAsync(unreadable, "root only");
        File.SetUnixFileMode(unreadable, UnixFileMode.None);
        files++;
        var dest = _tree.Path_("usb");
        Directory.CreateDirectory(dest);
        var logs = _tree.Path_("logs");
        Directory.CreateDirectory(logs);
        File.SetUnixFileMode(_tree.Root, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(dest, (UnixFileMode)0b111_111_111);
        File.SetUnixFileMode(logs, (UnixFileMode)0b111_111_111);

        await using var service = new ServiceProcesses();
        var env = service.Environment(_tree.Root, logs);
        service.Start("Silo", "OrleansBackup.Silo.dll", env, asUser: "nobody");
        service.Start("Api", "OrleansBackup.Api.dll", env);
        await service.WaitUntilReadyAsync();

        using (var select = await service.Http.PostAsJsonAsync("/api/select", new { directories = new[] { _tree.Path_("data") }, destination = dest }))
            Assert.True(select.IsSuccessStatusCode, await select.Content.ReadAsStringAsync());
        using var start = await service.Http.PostAsJsonAsync("/api/control", new { action = "start" });
        Assert.True(start.IsSuccessStatusCode, await start.Content.ReadAsStringAsync());
        var started = JsonNode.Parse(await start.Content.ReadAsStringAsync())!;
        Assert.Equal("Running", (string?)started["state"]);
        var runId = (string?)started["runId"];
        Assert.False(string.IsNullOrEmpty(runId));

        // While running, every field of the status contract gets filled.
        var filled = new HashSet<string>();
        var final = await Poll.UntilAsync(async () => JsonNode.Parse(await service.Http.GetStringAsync("/api/status"))!, status =>
        {
            var obj = status.AsObject();
            foreach (var field in ContractFields) Assert.True(obj.ContainsKey(field), $"status lacks '{field}'");
            if ((string?)status["state"] == "Running")
                foreach (var field in ContractFields.Where(f => IsFilled(status[f]))) filled.Add(field);
            return (string?)status["state"] is "Completed" or "CompletedWithWarnings" or "Failed" or "Stopped";
        }, TimeSpan.FromMinutes(3), "the run to finish");

        Assert.Equal("CompletedWithWarnings", (string?)final["state"]);
        Assert.Equal(runId, (string?)final["runId"]);
        var missing = ContractFields.Except(filled).Except(EmptyOnAPlainFirstRun).ToArray();
        Assert.True(missing.Length == 0, "never filled while running: " + string.Join(", ", missing));
        var errors = final["errors"]!.AsArray();
        var error = Assert.Single(errors, e => (string?)e!["path"] == "data/locked.bin");
        Assert.Equal("permission_denied", (string?)error!["code"]);
        Assert.Equal(1, (long)final["filesFailed"]!);
        // Entries copied: every regular file but the locked one, plus the symlink.
        Assert.Equal(files - 1 + 1, (long)final["filesCopied"]!);

        // Run as nobody, the injected-error marker file is readable, so only locked.bin is missing.
        var target = Path.Combine(dest, "default", "current", "data");
        var compared = TreeAssert.MirrorEquals(_tree.Path_("data"), target, "locked.bin");
        Assert.Equal(files - 1, compared);
        Assert.True(new FileInfo(Path.Combine(target, "link-to-spaces")).LinkTarget == "name with spaces.txt");
        Assert.True(Directory.Exists(Path.Combine(target, "empty", "nested-empty")));
        Assert.Empty(TreeAssert.TempFiles(dest));
        Assert.NotEmpty(Directory.GetFiles(logs, "backup_*.log"));
    }

    [Theory]
    [InlineData("Silo", "OrleansBackup.Silo.dll", "BACKUP_MAX_WORKERS", "MaxWorkers", "0", "must be a whole number from 1 to 256")]
    [InlineData("Silo", "OrleansBackup.Silo.dll", "BACKUP_PORT", "Port", "abc", "must be a whole number from 1 to 65535")]
    [InlineData("Api", "OrleansBackup.Api.dll", "BACKUP_PORT", "Port", "abc", "must be a whole number from 1 to 65535")]
    [InlineData("Api", "OrleansBackup.Api.dll", "BACKUP_MAX_WORKERS", "MaxWorkers", "0", "must be a whole number from 1 to 256")]
    public async Task Bad_configuration_exits_2_naming_the_key(string project, string dll, string key, string name, string value, string rule)
    {
        await using var service = new ServiceProcesses();
        var env = service.Environment(_tree.Root, _tree.Path_("logs"));
        env[key] = value;
        var process = service.Start(project, dll, env);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        // The README's promise: exit code 2 and "KEY (Name): 'value' <rule>".
        Assert.Equal(2, process.ExitCode);
        Assert.Contains($"{key} ({name}): '{value}' {rule}", service.OutputOf(process));
    }

    /// <summary>Filled = carries information: not null, not 0, not an empty text, list or object.</summary>
    private static bool IsFilled(JsonNode? node) => node switch
    {
        null => false,
        JsonArray a => a.Count > 0,
        JsonObject o => o.Count > 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => (double)v != 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => !string.IsNullOrEmpty((string?)v),
        _ => true,
    };
}
