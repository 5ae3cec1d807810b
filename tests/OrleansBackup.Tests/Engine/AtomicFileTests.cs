using OrleansBackup.Engine;
using OrleansBackup.Tests.Repository;

namespace OrleansBackup.Tests.Engine;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void Create_only_write_loses_to_an_existing_file_and_leaves_no_temporary()
    {
        using var dir = SafeDirectory.Open(_tmp.Path, create: false);
        Assert.True(AtomicFile.Write(dir, "a.json", "first"u8, fsync: true, overwrite: false));
        Assert.False(AtomicFile.Write(dir, "a.json", "second"u8, fsync: true, overwrite: false));
        Assert.Equal("first", File.ReadAllText(_tmp.Combine("a.json")));
        Assert.Equal([_tmp.Combine("a.json")], Directory.EnumerateFileSystemEntries(_tmp.Path));
    }

    [Fact]
    public void Overwrite_replaces_the_content()
    {
        using var dir = SafeDirectory.Open(_tmp.Path, create: false);
        AtomicFile.Write(dir, "a.json", "first"u8, fsync: false);
        Assert.True(AtomicFile.Write(dir, "a.json", "second"u8, fsync: true));
        Assert.Equal("second", File.ReadAllText(_tmp.Combine("a.json")));
        Assert.Equal([_tmp.Combine("a.json")], Directory.EnumerateFileSystemEntries(_tmp.Path));
    }

    [Fact]
    public void A_symlink_on_the_name_is_replaced_not_written_through()
    {
        var outside = _tmp.File("outside.json");
        var inner = _tmp.Dir("inner");
        File.CreateSymbolicLink(Path.Join(inner, "a.json"), outside);
        using var dir = SafeDirectory.Open(inner, create: false);
        AtomicFile.Write(dir, "a.json", "new"u8, fsync: false);
        Assert.Equal("", File.ReadAllText(outside));
        Assert.Null(new FileInfo(Path.Join(inner, "a.json")).LinkTarget);
        Assert.Equal("new", File.ReadAllText(Path.Join(inner, "a.json")));
    }
}
