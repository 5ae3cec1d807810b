using OrleansBackup.Contracts;
using OrleansBackup.Engine;
using OrleansBackup.Tests.Repository;

namespace OrleansBackup.Tests.Engine;

/// <summary>The no-follow walk every destination directory is reached through.</summary>
public sealed class SafeDirectoryTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void Open_creates_the_missing_part_of_an_absolute_path()
    {
        var path = _tmp.Combine("a", "b", "c");
        using (var dir = SafeDirectory.Open(path, create: true))
            Assert.Equal(path, dir.Path);
        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public void Open_without_create_of_a_missing_directory_is_ENOENT_and_creates_nothing()
    {
        var ex = Assert.Throws<ErrnoException>(() => SafeDirectory.Open(_tmp.Combine("a", "b"), create: false));
        Assert.Equal(Native.ENOENT, ex.Errno);
        Assert.False(Directory.Exists(_tmp.Combine("a")));
    }

    [Theory]
    [InlineData("link")]
    [InlineData("link/inside")]
    public void A_symlink_anywhere_on_the_walk_is_refused_and_nothing_is_made_through_it(string relative)
    {
        var outside = _tmp.Dir("outside");
        Directory.CreateSymbolicLink(_tmp.Combine("link"), outside);
        var ex = Assert.Throws<BackupException>(() => SafeDirectory.Open(_tmp.Combine(relative), create: true));
        Assert.Equal(ErrorCodes.DestinationSymlink, ex.Code);
        Assert.Contains($"'{_tmp.Combine("link")}' is a symbolic link", ex.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }

    [Fact]
    public void OpenPath_refuses_a_symlink_below_an_open_directory()
    {
        var outside = _tmp.Dir("outside");
        _tmp.Dir("dest", "job");
        Directory.CreateSymbolicLink(_tmp.Combine("dest", "job", "current"), outside);
        using var dest = SafeDirectory.Open(_tmp.Combine("dest"), create: false);
        var ex = Assert.Throws<BackupException>(() => dest.OpenPath("job/current/src", create: true));
        Assert.Equal(ErrorCodes.DestinationSymlink, ex.Code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }

    [Fact]
    public void A_file_on_the_walk_is_ENOTDIR_not_a_symlink_error()
    {
        _tmp.File("dest/file");
        using var dest = SafeDirectory.Open(_tmp.Combine("dest"), create: false);
        var ex = Assert.Throws<ErrnoException>(() => dest.OpenChild("file", create: true));
        Assert.Equal(Native.ENOTDIR, ex.Errno);
    }

    [Fact]
    public void OpenChildReplacing_removes_a_symlink_without_following_it_and_makes_a_directory()
    {
        var outside = _tmp.Dir("outside");
        _tmp.File("outside/keep", 3);
        _tmp.Dir("tree");
        Directory.CreateSymbolicLink(_tmp.Combine("tree", "sub"), outside);
        using var tree = SafeDirectory.Open(_tmp.Combine("tree"), create: false);
        using (var sub = tree.OpenChildReplacing("sub", out bool created))
            Assert.True(created);
        Assert.Null(new DirectoryInfo(_tmp.Combine("tree", "sub")).LinkTarget);
        Assert.True(Directory.Exists(_tmp.Combine("tree", "sub")));
        Assert.Equal(3, new FileInfo(_tmp.Combine("outside", "keep")).Length);
    }

    [Fact]
    public void A_handle_keeps_to_its_directory_when_a_symlink_is_swapped_in_for_it()
    {
        var outside = _tmp.Dir("outside");
        var real = _tmp.Dir("dest", "current");
        using var dir = SafeDirectory.Open(real, create: false);
        Directory.Move(real, _tmp.Combine("dest", "moved"));
        Directory.CreateSymbolicLink(real, outside);

        AtomicFile.Write(dir, "f", "x"u8, fsync: false);

        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.Equal("x", File.ReadAllText(_tmp.Combine("dest", "moved", "f")));
        Assert.Equal(["f"], dir.ListNames());
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("")]
    public void A_child_name_must_be_one_segment(string name)
    {
        using var dir = SafeDirectory.Open(_tmp.Path, create: false);
        Assert.Throws<ArgumentException>(() => dir.OpenChild(name, create: true));
    }
}
