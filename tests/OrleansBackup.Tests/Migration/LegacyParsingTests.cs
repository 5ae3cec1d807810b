extern alias silo;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using OrleansBackup.Contracts;
using silo::OrleansBackup.Silo.Migration;
using Xunit.Abstractions;

namespace OrleansBackup.Tests.Migration;

/// <summary>The old server's two files read into a plan: the README's mapping table, value by value,
/// and every kind of bad input refused with the file and the place.</summary>
public sealed class LegacyParsingTests(ITestOutputHelper output)
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Fact]
    public void Typical_snake_case_files_map_field_by_field()
    {
        using var old = OldServerFiles.FromFixture("typical");
        var plan = MigrationPlan.Read(old.Dir, "default", Berlin);

        Assert.Equal("default", plan.JobId);
        Assert.Equal(string.Join("|", [old.SourceA, old.SourceB + "/"]), string.Join("|", plan.Definition.Sources));
        Assert.Equal(old.Destination, plan.Definition.Destination);
        Assert.Equal(4, plan.History.Length);

        var first = plan.History[0];
        Assert.Equal(RunState.Completed, first.State);
        Assert.Equal("completed", first.OriginalStatus);
        Assert.Equal(new DateTimeOffset(2024, 3, 4, 1, 0, 0, TimeSpan.Zero), first.StartedAt);
        Assert.Equal(new DateTimeOffset(2024, 3, 4, 1, 41, 10, TimeSpan.Zero), first.FinishedAt);
        Assert.Equal(20211, first.FilesCopied);
        Assert.Equal(1073741824, first.BytesCopied);
        Assert.Equal(0, first.ErrorCount);
        Assert.Null(first.Extra);

        // Unix seconds; "completed" with errors listed is CompletedWithWarnings; unknown "host" kept.
        var second = plan.History[1];
        Assert.Equal(RunState.CompletedWithWarnings, second.State);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1709427600), second.StartedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1709429400500), second.FinishedAt);
        Assert.Equal(2, second.ErrorCount);
        Assert.Equal([$"{old.SourceA}/locked.db: Permission denied", $"{old.SourceA}/gone.txt: No such file or directory"], second.Errors.ToArray());
        Assert.Equal("nas-1", (string?)JsonNode.Parse(second.Extra!)!["host"]);

        // No zone: the given zone (Berlin is UTC+1 in March).
        var third = plan.History[2];
        Assert.Equal(RunState.Failed, third.State);
        Assert.Equal(new DateTimeOffset(2024, 3, 2, 2, 0, 0, TimeSpan.FromHours(1)), third.StartedAt);

        // Missing fields are zero or null, not an error.
        var fourth = plan.History[3];
        Assert.Equal(RunState.Stopped, fourth.State);
        Assert.Null(fourth.FinishedAt);
        Assert.Equal(0, fourth.FilesCopied);
        Assert.Empty(fourth.Directories);

        // The status file says the old server was running: that run is imported as Stopped.
        var interrupted = Assert.IsType<ImportedRun>(plan.Interrupted);
        Assert.Equal(RunState.Stopped, interrupted.State);
        Assert.Equal("running", interrupted.OriginalStatus);
        Assert.Equal(1520, interrupted.FilesCopied);
        Assert.Equal(73400320, interrupted.BytesCopied);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 2, 0, 0, TimeSpan.FromHours(1)), interrupted.StartedAt);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 2, 14, 31, 250, TimeSpan.FromHours(1)), interrupted.FinishedAt);
        Assert.Contains("imported as Stopped", interrupted.Message);
        Assert.Contains($"{old.SourceB}/photos", interrupted.Message);
        Assert.Equal(4, (int?)JsonNode.Parse(interrupted.Extra!)!["workers"]);
        Assert.Equal(5, plan.Runs.Length);
        Assert.Equal(5, plan.Runs.Select(r => r.RunId).Distinct().Count());
    }

    [Fact]
    public void CamelCase_files_and_a_wrapped_history_read_the_same()
    {
        using var old = OldServerFiles.FromFixture("camel");
        var plan = MigrationPlan.Read(old.Dir, "default", TimeZoneInfo.Utc);
        Assert.Equal(string.Join("|", [old.SourceA, old.SourceB + "/"]), string.Join("|", plan.Definition.Sources));
        Assert.Null(plan.Interrupted);
        var run = Assert.Single(plan.History);
        Assert.Equal((RunState.Completed, 20211L, 1073741824L), (run.State, run.FilesCopied, run.BytesCopied));
        Assert.Equal(new DateTimeOffset(2024, 3, 4, 1, 41, 10, TimeSpan.Zero), run.FinishedAt);
    }

    [Fact]
    public void The_same_record_gets_the_same_id_however_the_file_is_indented_and_twins_stay_two()
    {
        using var old = new OldServerFiles();
        old.Write(OldServerFiles.Status, """{"selected_directories":["SOURCE_A"],"destination":"DEST"}""");
        old.Write(OldServerFiles.History, """[{"status":"completed","start_time":"2024-01-01T00:00:00Z"}, {"status":"completed","start_time":"2024-01-01T00:00:00Z"}]""");
        var compact = MigrationPlan.Read(old.Dir, "default", TimeZoneInfo.Utc);
        old.Write(OldServerFiles.History, "[\n  { \"status\": \"completed\",\n    \"start_time\": \"2024-01-01T00:00:00Z\" },\n  {\"status\":\"completed\",\"start_time\":\"2024-01-01T00:00:00Z\"}\n]");
        var indented = MigrationPlan.Read(old.Dir, "default", TimeZoneInfo.Utc);

        Assert.Equal(compact.History.Select(r => r.RunId), indented.History.Select(r => r.RunId));
        Assert.Equal(2, compact.History.Select(r => r.RunId).Distinct().Count());
        Assert.EndsWith("-2", compact.History[1].RunId);
    }

    [Fact]
    public void An_empty_history_list_is_no_runs()
    {
        using var old = new OldServerFiles();
        old.Write(OldServerFiles.Status, """{"selected_directories":["SOURCE_A"],"destination":"DEST","state":"idle"}""");
        old.Write(OldServerFiles.History, "[]");
        var plan = MigrationPlan.Read(old.Dir, "default", TimeZoneInfo.Utc);
        Assert.Empty(plan.Runs);
    }

    public static TheoryData<string, string, string, string> BadInputs => new()
    {
        // file, its text, the place the error must name, a word of the problem
        { OldServerFiles.Status, "", "the file", "empty" },
        { OldServerFiles.History, "  \n", "the file", "empty" },
        { OldServerFiles.Status, "{}", "$.selected_directories", "no directories" },
        { OldServerFiles.Status, """{"selected_directories":["SOURCE_A"]}""", "$.destination", "no destination" },
        { OldServerFiles.Status, "{\"selected_directories\": [\n  \"SOURCE_A\",\n}", "line 3, column 1", "not valid JSON" },
        { OldServerFiles.Status, """{"selected_directories":"SOURCE_A","destination":"DEST","files_copied":"many"}""", "$.files_copied", "whole number" },
        { OldServerFiles.Status, """{"selected_directories":[1],"destination":"DEST"}""", "$.selected_directories[0]", "expected a text" },
        { OldServerFiles.History, """{"backups": 3}""", "$.backups", "list of past backups" },
        { OldServerFiles.History, "\"no\"", "$", "list of past backups" },
        { OldServerFiles.History, """[{"status":"completed"}, {"status":"completed","start_time":"12/03/2024 10:00"}]""", "$[1].start_time", "is not a time" },
        { OldServerFiles.History, """[{"status":"completed","start_time":1709427600000}]""", "$[0].start_time", "Unix seconds" },
        { OldServerFiles.History, """[{"status":"exploded"}]""", "$[0].status", "not a status" },
        { OldServerFiles.History, """[{"start_time":"2024-01-01"}]""", "$[0].status", "no status" },
        { OldServerFiles.History, """[{"status":"failed","files_copied":-1}]""", "$[0].files_copied", "whole number" },
        { OldServerFiles.History, """[{"status":"failed","errors":{"a":1}}]""", "$[0].errors", "list of errors" },
        { OldServerFiles.History, """[{"status":"failed","errors":[true]}]""", "$[0].errors[0]", "error text" },
        { OldServerFiles.History, """[7]""", "$[0]", "expected an object" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_names_the_file_and_the_place(string file, string text, string place, string problem)
    {
        using var old = new OldServerFiles();
        old.Write(OldServerFiles.Status, """{"selected_directories":["SOURCE_A"],"destination":"DEST"}""");
        old.Write(OldServerFiles.History, "[]");
        old.Write(file, text);

        var error = Assert.Throws<MigrationInputException>(() => MigrationPlan.Read(old.Dir, "default", TimeZoneInfo.Utc));
        Assert.Equal(file, error.File);
        Assert.Equal(place, error.Place);
        Assert.Contains(problem, error.Problem);
    }

    [Fact]
    public void A_truncated_file_is_refused_with_its_line_and_column()
    {
        using var old = OldServerFiles.FromFixture("typical");
        var text = old.Read(OldServerFiles.History);
        File.WriteAllText(Path.Combine(old.Dir, OldServerFiles.History), text[..(text.Length / 2)]);

        var error = Assert.Throws<MigrationInputException>(() => MigrationPlan.Read(old.Dir, "default", TimeZoneInfo.Utc));
        Assert.Equal(OldServerFiles.History, error.File);
        Assert.Matches(@"^line \d+, column \d+$", error.Place);
        Assert.Contains("truncated", error.Problem);
    }

    [Fact]
    public void A_missing_file_is_refused_by_name()
    {
        using var old = new OldServerFiles();
        old.Write(OldServerFiles.Status, """{"selected_directories":["SOURCE_A"],"destination":"DEST"}""");
        var error = Assert.Throws<MigrationInputException>(() => MigrationPlan.Read(old.Dir, "default", TimeZoneInfo.Utc));
        Assert.Equal(OldServerFiles.History, error.File);
        Assert.Contains("not found", error.Problem);
    }

    [Fact]
    public void A_history_of_ten_thousand_entries_reads_in_well_under_a_second_per_thousand()
    {
        using var old = new OldServerFiles();
        old.Write(OldServerFiles.Status, """{"selected_directories":["SOURCE_A"],"destination":"DEST"}""");
        old.Write(OldServerFiles.History, LongHistory(10_000));
        var clock = Stopwatch.StartNew();
        var plan = MigrationPlan.Read(old.Dir, "default", TimeZoneInfo.Utc);
        clock.Stop();
        output.WriteLine($"parsed 10,000 history entries in {clock.ElapsedMilliseconds} ms");
        Assert.Equal(10_000, plan.History.Length);
        Assert.Equal(10_000, plan.History.Select(r => r.RunId).Distinct().Count());
        Assert.Equal(9_999L * 3, plan.History[^1].FilesCopied);
    }

    internal static string LongHistory(int count)
    {
        var text = new StringBuilder("[");
        var start = new DateTimeOffset(2020, 1, 1, 2, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < count; i++)
        {
            if (i > 0) text.Append(',');
            var at = start.AddHours(6 * i);
            text.Append($$"""{"start_time":"{{at:yyyy-MM-ddTHH:mm:ssZ}}","end_time":"{{at.AddMinutes(7):yyyy-MM-ddTHH:mm:ssZ}}","directories":["SOURCE_A"],"files_copied":{{i * 3}},"bytes_copied":{{i * 4096}},"status":"{{(i % 10 == 0 ? "failed" : "completed")}}","errors":[]}""");
        }
        return text.Append(']').ToString();
    }
}
