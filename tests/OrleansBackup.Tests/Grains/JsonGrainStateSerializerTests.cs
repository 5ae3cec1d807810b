using System.Text;
using OrleansBackup.Contracts;
using OrleansBackup.Grains.Hosting;
using OrleansBackup.Grains.Jobs;

namespace OrleansBackup.Tests.Grains;

/// <summary>The job state's storage format: complete round trips, and rows written by an older
/// shape (or under another type name) still read.</summary>
public sealed class JsonGrainStateSerializerTests
{
    private readonly JsonGrainStateSerializer _serializer = new();

    [Fact]
    public void Job_state_round_trips_with_its_run_queue_and_in_flight_work()
    {
        var definition = new JobDefinition("photos", ["/data/photos"], "/mnt/usb", Dispatch: DispatchMode.Sequential,
            Excludes: ["*.tmp"], Schedule: "every 6h");
        var run = new RunProgress { RunId = "20261126-050000-abcdef", State = RunState.Paused, Definition = definition, SourceNames = ["photos"] };
        run.Queue.Enqueue(new WorkItem(0, "a/b"));
        run.RetryQueue.Enqueue(new WorkItem(0, "c", Attempt: 2));
        run.InFlight["0:d"] = new InFlightWork { Item = new WorkItem(0, "d"), Silo = "127.0.0.1:11111@1" };
        run.Errors.Add(new FileError("photos/x", "permission denied", ErrorCodes.PermissionDenied));
        run.SourceTotals[0] = [10, 2048];
        run.FilesCopied = 7;
        var state = new JobState { Definition = definition, Run = run, BaselineRunId = "20261125-000000-000000" };

        var back = _serializer.Deserialize<JobState>(_serializer.Serialize(state))!;

        Assert.Equal(definition.Sources.ToArray(), back.Definition!.Sources.ToArray());
        Assert.Equal("every 6h", back.Definition.Schedule);
        Assert.Equal(DispatchMode.Sequential, back.Run!.Definition.Dispatch);
        Assert.Equal(RunState.Paused, back.Run.State);
        Assert.Equal(["a/b"], back.Run.Queue.Select(i => i.RelativePath));
        Assert.Equal(2, back.Run.RetryQueue.Single().Attempt);
        Assert.Equal("127.0.0.1:11111@1", back.Run.InFlight["0:d"].Silo);
        Assert.Equal(ErrorCodes.PermissionDenied, back.Run.Errors.Single().Code);
        Assert.Equal([10L, 2048L], back.Run.SourceTotals[0]);
        Assert.Equal(7, back.Run.FilesCopied);
        Assert.Equal("20261125-000000-000000", back.BaselineRunId);
        var json = Encoding.UTF8.GetString(_serializer.Serialize(state));
        Assert.DoesNotContain("$type", json);
        Assert.Contains("\"state\":\"Paused\"", json);
    }

    [Fact]
    public void A_row_written_by_an_older_shape_still_reads()
    {
        // An older job state: no schedule fields, no retry queue, and a field since removed.
        const string oldRow = """
            {"definition":{"jobId":"docs","sources":["/data/docs"],"destination":"/mnt/nas","mode":"Mirror",
             "dispatch":"Parallel","durability":"Fsync"},
             "baselineRunId":"20260101-000000-000001","history":[],"legacyField":42}
            """;
        var state = _serializer.Deserialize<JobState>(new BinaryData(Encoding.UTF8.GetBytes(oldRow)))!;
        Assert.Equal("docs", state.Definition!.JobId);
        Assert.Null(state.Definition.Schedule);
        Assert.Null(state.NextScheduledRunAt);
        Assert.Null(state.Run);
        Assert.Equal("20260101-000000-000001", state.BaselineRunId);
    }

    [Fact]
    public void A_renamed_state_type_reads_the_rows_of_the_old_name()
    {
        var old = new JobState { BaselineRunId = "r1", Definition = new JobDefinition("x", ["/a"], "/b") };
        var renamed = _serializer.Deserialize<RenamedJobState>(_serializer.Serialize(old))!;
        Assert.Equal("r1", renamed.BaselineRunId);
        Assert.Equal("x", renamed.Definition!.JobId);
    }

    private sealed class RenamedJobState
    {
        public JobDefinition? Definition { get; set; }
        public string? BaselineRunId { get; set; }
        public int AddedLater { get; set; } = 5;
    }
}
