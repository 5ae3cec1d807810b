extern alias silo;
using OrleansBackup.Contracts;
using OrleansBackup.Tests.Cluster;
using silo::OrleansBackup.Silo.Migration;

namespace OrleansBackup.Tests.Migration;

/// <summary>The import through the grains of a two-silo cluster: all or nothing, never twice, and
/// a verification that notices any difference from the old files.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MigrationImportTests(ClusterFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    private IGrainFactory Grains => fixture.Grains;

    private static string NewJob() => $"mig-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task Import_defines_the_job_and_keeps_the_runs_and_a_second_import_adds_nothing()
    {
        using var old = OldServerFiles.FromFixture("typical");
        var job = NewJob();
        var plan = MigrationPlan.Read(old.Dir, job, TimeZoneInfo.Utc);
        var importer = new MigrationImporter(Grains);

        var first = await importer.ImportAsync(plan);
        Assert.True(first.JobDefined);
        Assert.Equal(new ImportReceipt(5, 0, 5), first.Runs);
        var definition = await Grains.GetGrain<IBackupJobGrain>(job).GetDefinitionAsync();
        Assert.Equal([old.SourceA, old.SourceB], definition!.Sources.ToArray());
        Assert.Equal(old.Destination, definition.Destination);

        var again = await importer.ImportAsync(MigrationPlan.Read(old.Dir, job, TimeZoneInfo.Utc));
        Assert.False(again.JobDefined);
        Assert.True(again.JobAlreadyThere);
        Assert.Equal(new ImportReceipt(0, 5, 5), again.Runs);

        var runs = await MigrationImporter.ReadAllAsync(Grains, job);
        Assert.Equal(5, runs.Count);
        // Newest first: the interrupted run of 2024-03-05 leads, the stopped one of 2024-03-01 ends.
        Assert.Equal(RunState.Stopped, runs[0].State);
        Assert.Equal("running", runs[0].OriginalStatus);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 2, 0, 0, TimeSpan.Zero), runs[^1].StartedAt);

        var report = await new MigrationVerifier(Grains).VerifyAsync(plan);
        Assert.True(report.Agrees, string.Join("\n", report.Mismatches));
    }

    [Fact]
    public async Task A_directory_outside_the_allowed_roots_imports_nothing_at_all()
    {
        using var old = OldServerFiles.FromFixture("typical");
        old.Write(OldServerFiles.Status, """{"selected_directories":["SOURCE_A","/usr/share/doc"],"destination":"DEST","state":"paused"}""");
        var job = NewJob();
        var plan = MigrationPlan.Read(old.Dir, job, TimeZoneInfo.Utc);

        var error = await Assert.ThrowsAsync<MigrationInputException>(() => new MigrationImporter(Grains).ImportAsync(plan));
        Assert.Equal(OldServerFiles.Status, error.File);
        Assert.Equal("$.selected_directories[1]", error.Place);
        Assert.Contains(ErrorCodes.PathOutsideAllowedRoots, error.Problem);

        Assert.Null(await Grains.GetGrain<IBackupJobGrain>(job).GetDefinitionAsync());
        Assert.Equal(0, await Grains.GetGrain<IRunArchiveGrain>(job).CountAsync());
    }

    [Fact]
    public async Task A_vanished_source_is_refused_by_its_place()
    {
        using var old = OldServerFiles.FromFixture("typical");
        Directory.Delete(old.SourceB);
        var job = NewJob();
        var error = await Assert.ThrowsAsync<MigrationInputException>(() =>
            new MigrationImporter(Grains).ImportAsync(MigrationPlan.Read(old.Dir, job, TimeZoneInfo.Utc)));
        Assert.Equal("$.selected_directories[1]", error.Place);
        Assert.Contains(ErrorCodes.SourceNotFound, error.Problem);
        Assert.Equal(0, await Grains.GetGrain<IRunArchiveGrain>(job).CountAsync());
    }

    [Fact]
    public async Task A_job_holding_another_selection_is_never_overwritten()
    {
        using var old = OldServerFiles.FromFixture("typical");
        var job = NewJob();
        await Grains.GetGrain<IBackupJobGrain>(job).DefineAsync(new JobDefinition(job, [old.SourceA], old.Destination));

        await Assert.ThrowsAsync<MigrationServiceException>(() =>
            new MigrationImporter(Grains).ImportAsync(MigrationPlan.Read(old.Dir, job, TimeZoneInfo.Utc)));
        Assert.Equal([old.SourceA], (await Grains.GetGrain<IBackupJobGrain>(job).GetDefinitionAsync())!.Sources.ToArray());
        Assert.Equal(0, await Grains.GetGrain<IRunArchiveGrain>(job).CountAsync());
    }

    [Fact]
    public async Task Verification_names_an_altered_field_and_runs_that_do_not_match()
    {
        using var old = OldServerFiles.FromFixture("typical");
        var job = NewJob();
        var plan = MigrationPlan.Read(old.Dir, job, TimeZoneInfo.Utc);
        await new MigrationImporter(Grains).ImportAsync(plan);

        // Alter one imported run where it is kept (generation 1, page 0): its file count.
        var page = Grains.GetGrain<IRunArchivePageGrain>($"{job}/1/0");
        var runs = await page.ReadAsync();
        var victim = runs.Single(r => r.FilesCopied == 20211);
        await page.WriteAsync(runs.Replace(victim, victim with { FilesCopied = 20210 }));

        var report = await new MigrationVerifier(Grains).VerifyAsync(plan);
        Assert.False(report.Agrees);
        var mismatch = Assert.Single(report.Mismatches);
        Assert.Contains(victim.RunId, mismatch);
        Assert.Contains("files copied 20210, the old file says 20211", mismatch);

        // A history file that changed since the import: one run missing, one imported that is not in it.
        old.Write(OldServerFiles.History, old.Read(OldServerFiles.History).Replace("\"files_copied\": 12,", "\"files_copied\": 13,"));
        var changed = await new MigrationVerifier(Grains).VerifyAsync(MigrationPlan.Read(old.Dir, job, TimeZoneInfo.Utc));
        Assert.Contains(changed.Mismatches, m => m.EndsWith("missing from the import", StringComparison.Ordinal));
        Assert.Contains(changed.Mismatches, m => m.EndsWith("imported but not in the old files", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_long_history_is_kept_in_pages_and_read_across_them_in_order()
    {
        using var old = new OldServerFiles();
        old.Write(OldServerFiles.Status, """{"selected_directories":["SOURCE_A"],"destination":"DEST"}""");
        old.Write(OldServerFiles.History, LegacyParsingTests.LongHistory(1_200));
        var job = NewJob();
        var plan = MigrationPlan.Read(old.Dir, job, TimeZoneInfo.Utc);
        await new MigrationImporter(Grains).ImportAsync(plan);

        var archive = Grains.GetGrain<IRunArchiveGrain>(job);
        Assert.Equal(1_200, await archive.CountAsync());
        var window = await archive.GetRunsAsync(450, 100);
        Assert.Equal(100, window.Length);
        // Newest first: entry i starts 6 h after entry i-1, so offset 450 is entry 1199 - 450.
        Assert.Equal(plan.History[1_199 - 450].RunId, window[0].RunId);
        Assert.Equal(plan.History[1_199 - 549].RunId, window[^1].RunId);
        Assert.Empty(await archive.GetRunsAsync(1_200, 10));
    }

    [Fact]
    public async Task Ten_thousand_past_runs_import_once_and_verify()
    {
        using var old = new OldServerFiles();
        old.Write(OldServerFiles.Status, """{"selected_directories":["SOURCE_A"],"destination":"DEST"}""");
        old.Write(OldServerFiles.History, LegacyParsingTests.LongHistory(10_000));
        var job = NewJob();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var plan = MigrationPlan.Read(old.Dir, job, TimeZoneInfo.Utc);
        var read = clock.Elapsed;
        var outcome = await new MigrationImporter(Grains).ImportAsync(plan);
        var imported = clock.Elapsed;
        var report = await new MigrationVerifier(Grains).VerifyAsync(plan);
        output.WriteLine($"10,000 entries: read {read.TotalMilliseconds:0} ms, imported {(imported - read).TotalMilliseconds:0} ms, " +
                         $"verified {(clock.Elapsed - imported).TotalMilliseconds:0} ms");
        Assert.Equal(new ImportReceipt(10_000, 0, 10_000), outcome.Runs);
        Assert.True(report.Agrees, string.Join("\n", report.Mismatches.Take(5)));
        Assert.Equal(new ImportReceipt(0, 10_000, 10_000), (await new MigrationImporter(Grains).ImportAsync(plan)).Runs);
    }
}
