using OrleansBackup.Repository;

namespace OrleansBackup.Tests.Repository;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public async Task Create_only_write_loses_to_an_existing_file_and_leaves_no_temporary()
    {
        var path = _tmp.Combine("a.json");
        Assert.True(await AtomicFile.WriteAsync(path, "first"u8.ToArray(), overwrite: false, CancellationToken.None));
        Assert.False(await AtomicFile.WriteAsync(path, "second"u8.ToArray(), overwrite: false, CancellationToken.None));
        Assert.Equal("first", await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.EnumerateFileSystemEntries(_tmp.Path));
    }

    [Fact]
    public async Task Overwrite_replaces_the_content()
    {
        var path = _tmp.Combine("a.json");
        await AtomicFile.WriteAsync(path, "first"u8.ToArray(), overwrite: true, CancellationToken.None);
        Assert.True(await AtomicFile.WriteAsync(path, "second"u8.ToArray(), overwrite: true, CancellationToken.None));
        Assert.Equal("second", await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.EnumerateFileSystemEntries(_tmp.Path));
    }

    [Fact]
    public void Directory_sync_of_a_missing_directory_names_it()
    {
        var missing = _tmp.Combine("missing");
        var ex = Assert.Throws<IOException>(() => DirectorySync.Flush(missing));
        Assert.StartsWith($"cannot open directory '{missing}' to sync it: ", ex.Message);
        DirectorySync.Flush(_tmp.Path); // an existing directory syncs without error
    }
}
