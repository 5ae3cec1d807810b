using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using OrleansBackup.Contracts;
using OrleansBackup.Repository;

namespace OrleansBackup.Tests.Repository;

public sealed class SourceNamingTests
{
    [Fact]
    public void Last_segment_with_numbered_duplicates_and_root()
    {
        var names = SourceNaming.Assign(["/home/ann/photos", "/mnt/old/photos/", "/srv/photos", "/", "/data/docs", "/x/Photos"]);
        Assert.Equal(["photos", "photos-2", "photos-3", "root", "docs", "Photos-4"], names);
    }

    [Fact]
    public void Generated_suffix_never_clashes_with_a_real_name()
    {
        Assert.Equal(["x", "x-2", "x-2-2"], SourceNaming.Assign(["/a/x", "/b/x", "/c/x-2"]));
    }

    [Fact]
    public void Empty_list_gives_no_names() => Assert.Empty(SourceNaming.Assign([]));
}

public sealed class JobIdsTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("nightly")]
    [InlineData("0-photos_v2.1")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123")] // 64 chars
    public void Valid_ids(string id)
    {
        Assert.True(JobIds.IsValid(id));
        Assert.Equal(id, JobIds.Validate(id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Nightly")]
    [InlineData("-photos")]
    [InlineData(".hidden")]
    [InlineData("_x")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("has space")]
    [InlineData("a1234567890123456789012345678901234567890123456789012345678901234")] // 65 chars
    [InlineData("a\n")]
    public void Invalid_ids(string id)
    {
        Assert.False(JobIds.IsValid(id));
        var ex = Assert.Throws<BackupException>(() => JobIds.Validate(id));
        Assert.Equal(ErrorCodes.InvalidJobId, ex.Code);
        Assert.StartsWith($"job id '{id}' is invalid: it must match ^[a-z0-9][a-z0-9._-]{{0,63}}$", ex.Message);
    }

    [Fact]
    public void Null_is_invalid()
    {
        Assert.False(JobIds.IsValid(null));
        Assert.Equal(ErrorCodes.InvalidJobId, Assert.Throws<BackupException>(() => JobIds.Validate(null)).Code);
    }
}

public sealed partial class RunIdsTests
{
    [GeneratedRegex(@"^\d{8}-\d{6}-[0-9a-f]{6}$")]
    private static partial Regex Format();

    [Fact]
    public void Uses_the_injected_clock_in_utc()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 7, 6, 7, TimeSpan.FromHours(2)));
        var id = RunIds.New(time);
        Assert.Matches(Format(), id);
        Assert.StartsWith("20250304-050607-", id);
        Assert.True(RunIds.IsValid(id));
    }

    [Fact]
    public void Later_ids_sort_after_earlier_ones()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 12, 31, 23, 59, 58, TimeSpan.Zero));
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(RunIds.New(time));
            time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.StartsWith("20260101-000000-", ids[2]);
    }

    [Fact]
    public void Same_second_ids_differ_in_the_random_part()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        // 24 random bits: a clash among 20 ids has a chance of about 1 in 90,000.
        var ids = Enumerable.Range(0, 20).Select(_ => RunIds.New(time)).ToHashSet();
        Assert.Equal(20, ids.Count);
        Assert.All(ids, id => Assert.StartsWith("20250101-000000-", id));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("")]
    [InlineData("r1\n")]
    public void Unsafe_run_ids_are_invalid(string id) => Assert.False(RunIds.IsValid(id));
}

public sealed class RepositoryLayoutTests
{
    [Fact]
    public void Paths_follow_the_design()
    {
        Assert.Equal("/mnt/usb/.orleans-backup", RepositoryLayout.RepositoryRoot("/mnt/usb"));
        Assert.Equal("/mnt/usb/nightly/current/photos", RepositoryLayout.MirrorTarget("/mnt/usb", "nightly", "photos"));
        Assert.Equal("/mnt/usb/.orleans-backup/snapshots/20250101-000000-abcdef.json", RepositoryLayout.SnapshotRecordPath("/mnt/usb", "20250101-000000-abcdef"));
        Assert.Equal("/mnt/usb/.orleans-backup/manifests/20250101-000000-abcdef", RepositoryLayout.ManifestRunDir("/mnt/usb", "20250101-000000-abcdef"));
        Assert.Equal("/mnt/usb/.orleans-backup/repo.json", RepositoryLayout.RepoFilePath("/mnt/usb"));
    }

    [Fact]
    public void Unsafe_segments_are_refused()
    {
        Assert.Equal(ErrorCodes.InvalidJobId, Assert.Throws<BackupException>(() => RepositoryLayout.MirrorTarget("/d", "../x", "s")).Code);
        Assert.Throws<ArgumentException>(() => RepositoryLayout.MirrorTarget("/d", "job", ".."));
        Assert.Throws<ArgumentException>(() => RepositoryLayout.MirrorTarget("/d", "job", "a/b"));
        Assert.Throws<ArgumentException>(() => RepositoryLayout.SnapshotRecordPath("/d", "../evil"));
        Assert.Throws<ArgumentException>(() => RepositoryLayout.ManifestRunDir("/d", "a/b"));
    }
}
