using OrleansBackup.Contracts;
using OrleansBackup.Repository;

namespace OrleansBackup.Tests.Repository;

public sealed class PathGuardTests : IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly string _root;
    private readonly string _outside;
    private readonly PathGuard _guard;

    public PathGuardTests()
    {
        _root = _tmp.Dir("root");
        _outside = _tmp.Dir("outside");
        _guard = new PathGuard([_root]);
    }

    public void Dispose() => _tmp.Dispose();

    private static BackupException Fails(Action action) => Assert.Throws<BackupException>(action);

    [Fact]
    public void Roots_are_resolved_at_construction()
    {
        var link = _tmp.Combine("root-link");
        Directory.CreateSymbolicLink(link, _root);
        _tmp.Dir("root", "sub");
        var guard = new PathGuard([link + "/", _root, _tmp.Combine("root", ".", "sub", "..")]);
        Assert.Equal([_root], guard.AllowedRoots);
        Assert.Equal(_tmp.Combine("root", "x"), guard.Resolve(Path.Join(link, "x"), "source"));
    }

    [Fact]
    public void Relative_root_is_a_configuration_error()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PathGuard(["relative/root"]));
        Assert.StartsWith("allowed root 'relative/root' must be an absolute path", ex.Message);
    }

    [Fact]
    public void Path_inside_root_resolves_to_itself()
    {
        var src = _tmp.Dir("root", "src");
        Assert.Equal(src, _guard.Resolve(src, "source"));
        Assert.Equal(src, _guard.Resolve(src + "/", "source"));
        Assert.Equal(_root, _guard.Resolve(_root, "source"));
    }

    [Fact]
    public void Dot_and_dotdot_inside_root_are_resolved()
    {
        _tmp.Dir("root", "a");
        Assert.Equal(_tmp.Combine("root", "b"), _guard.Resolve(_tmp.Combine("root", "a", "..", ".", "b"), "source"));
    }

    [Fact]
    public void Dotdot_leaving_root_is_rejected()
    {
        _tmp.Dir("root", "a");
        var path = _tmp.Combine("root", "a", "..", "..", "outside");
        var ex = Fails(() => _guard.Resolve(path, "source"));
        Assert.Equal(ErrorCodes.PathOutsideAllowedRoots, ex.Code);
        Assert.Equal($"source '{path}' (resolved to '{_outside}') is outside the allowed roots ({_root})", ex.Message);
    }

    [Fact]
    public void Dotdot_to_etc_is_rejected()
    {
        _tmp.Dir("root", "a");
        var ex = Fails(() => _guard.Resolve(_root + "/a/../../../../../../../../etc", "destination"));
        Assert.Equal(ErrorCodes.PathOutsideAllowedRoots, ex.Code);
        Assert.Contains("resolved to '/etc'", ex.Message);
    }

    [Fact]
    public void Dotdot_after_a_missing_part_is_rejected()
    {
        var path = _tmp.Combine("root", "missing", "..", "..", "outside");
        var ex = Fails(() => _guard.Resolve(path, "destination"));
        Assert.Equal(ErrorCodes.InvalidRequest, ex.Code);
        Assert.Equal($"destination '{path}' cannot be resolved: '..' follows 'missing', which does not exist", ex.Message);
    }

    [Fact]
    public void Path_outside_root_is_rejected_with_the_roots_named()
    {
        var ex = Fails(() => _guard.Resolve(_outside, "source"));
        Assert.Equal(ErrorCodes.PathOutsideAllowedRoots, ex.Code);
        Assert.Equal($"source '{_outside}' is outside the allowed roots ({_root})", ex.Message);
    }

    [Fact]
    public void Sibling_with_common_prefix_is_outside()
    {
        var sibling = _tmp.Dir("root2");
        Assert.Equal(ErrorCodes.PathOutsideAllowedRoots, Fails(() => _guard.Resolve(sibling, "source")).Code);
    }

    [Fact]
    public void Symlink_inside_root_to_outside_is_rejected_as_source()
    {
        var link = _tmp.Combine("root", "escape");
        Directory.CreateSymbolicLink(link, _outside);
        var ex = Fails(() => _guard.ValidateSelection([link], _tmp.Combine("root", "dest")));
        Assert.Equal(ErrorCodes.PathOutsideAllowedRoots, ex.Code);
        Assert.Equal($"source '{link}' (resolved to '{_outside}') is outside the allowed roots ({_root})", ex.Message);
    }

    [Fact]
    public void Symlink_inside_root_to_outside_is_rejected_as_destination()
    {
        var src = _tmp.Dir("root", "src");
        var link = _tmp.Combine("root", "escape");
        Directory.CreateSymbolicLink(link, _outside);
        var dest = Path.Join(link, "backups", "new");
        var ex = Fails(() => _guard.ValidateSelection([src], dest));
        Assert.Equal(ErrorCodes.PathOutsideAllowedRoots, ex.Code);
        Assert.Equal($"destination '{dest}' (resolved to '{Path.Join(_outside, "backups", "new")}') is outside the allowed roots ({_root})", ex.Message);
    }

    [Fact]
    public void Dangling_symlink_to_outside_is_rejected()
    {
        var link = _tmp.Combine("root", "dangling");
        File.CreateSymbolicLink(link, Path.Join(_outside, "not-yet"));
        var ex = Fails(() => _guard.Resolve(link, "destination"));
        Assert.Equal(ErrorCodes.PathOutsideAllowedRoots, ex.Code);
        Assert.Contains($"resolved to '{Path.Join(_outside, "not-yet")}'", ex.Message);
    }

    [Fact]
    public void Relative_symlink_inside_root_is_followed()
    {
        var target = _tmp.Dir("root", "data", "photos");
        var link = _tmp.Combine("root", "photos-link");
        Directory.CreateSymbolicLink(link, "data/photos");
        Assert.Equal(target, _guard.Resolve(link, "source"));
    }

    [Fact]
    public void Symlink_loop_is_invalid_request()
    {
        var a = _tmp.Combine("root", "a");
        var b = _tmp.Combine("root", "b");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);
        var ex = Fails(() => _guard.Resolve(a, "source"));
        Assert.Equal(ErrorCodes.InvalidRequest, ex.Code);
        Assert.Equal($"source '{a}' cannot be resolved: too many levels of symbolic links", ex.Message);
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("./src")]
    [InlineData("../src")]
    public void Relative_path_is_invalid_request(string path)
    {
        var ex = Fails(() => _guard.Resolve(path, "source"));
        Assert.Equal(ErrorCodes.InvalidRequest, ex.Code);
        Assert.Equal($"source '{path}' is not an absolute path", ex.Message);
    }

    [Fact]
    public void Relative_source_in_selection_is_invalid_request()
    {
        var ex = Fails(() => _guard.ValidateSelection(["src"], _tmp.Combine("root", "dest")));
        Assert.Equal(ErrorCodes.InvalidRequest, ex.Code);
        Assert.Equal("source 'src' is not an absolute path", ex.Message);
    }

    [Fact]
    public void Missing_destination_under_root_is_accepted_and_not_created()
    {
        var src = _tmp.Dir("root", "src");
        var dest = _tmp.Combine("root", "backups", "usb");
        var selection = _guard.ValidateSelection([src], dest);
        Assert.Equal([src], selection.Sources);
        Assert.Equal(dest, selection.Destination);
        Assert.False(Directory.Exists(_tmp.Combine("root", "backups")));
    }

    [Fact]
    public void Destination_below_a_regular_file_resolves_lexically()
    {
        // The guard only decides where a path points; the store reports it as not writable.
        var src = _tmp.Dir("root", "src");
        _tmp.File("root/file.txt", 1);
        var dest = _tmp.Combine("root", "file.txt", "dest");
        Assert.Equal(dest, _guard.ValidateSelection([src], dest).Destination);
    }

    [Fact]
    public void No_sources_is_invalid_request()
    {
        var ex = Fails(() => _guard.ValidateSelection([], _tmp.Combine("root", "dest")));
        Assert.Equal(ErrorCodes.InvalidRequest, ex.Code);
        Assert.Equal("at least one source directory is required", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Empty_destination_is_invalid_request(string destination)
    {
        var src = _tmp.Dir("root", "src");
        var ex = Fails(() => _guard.ValidateSelection([src], destination));
        Assert.Equal(ErrorCodes.InvalidRequest, ex.Code);
        Assert.Equal("a destination directory is required", ex.Message);
    }

    [Fact]
    public void Missing_source_is_source_not_found()
    {
        var missing = _tmp.Combine("root", "nope");
        var ex = Fails(() => _guard.ValidateSelection([missing], _tmp.Combine("root", "dest")));
        Assert.Equal(ErrorCodes.SourceNotFound, ex.Code);
        Assert.Equal($"source '{missing}' does not exist", ex.Message);
    }

    [Fact]
    public void File_as_source_is_source_not_directory()
    {
        var file = _tmp.File("root/file.txt", 3);
        var ex = Fails(() => _guard.ValidateSelection([file], _tmp.Combine("root", "dest")));
        Assert.Equal(ErrorCodes.SourceNotDirectory, ex.Code);
        Assert.Equal($"source '{file}' is not a directory", ex.Message);
    }

    [Fact]
    public void Sources_are_checked_before_the_destination()
    {
        var missing = _tmp.Combine("root", "nope");
        Assert.Equal(ErrorCodes.SourceNotFound, Fails(() => _guard.ValidateSelection([missing], _outside)).Code);
    }

    [Fact]
    public void Destination_outside_roots_is_rejected()
    {
        var src = _tmp.Dir("root", "src");
        var ex = Fails(() => _guard.ValidateSelection([src], _outside));
        Assert.Equal(ErrorCodes.PathOutsideAllowedRoots, ex.Code);
        Assert.Equal($"destination '{_outside}' is outside the allowed roots ({_root})", ex.Message);
    }

    [Fact]
    public void Destination_equal_to_source_is_rejected()
    {
        var src = _tmp.Dir("root", "src");
        var ex = Fails(() => _guard.ValidateSelection([src], src));
        Assert.Equal(ErrorCodes.DestinationInsideSource, ex.Code);
    }

    [Fact]
    public void Destination_inside_source_is_rejected()
    {
        var src = _tmp.Dir("root", "src");
        var dest = Path.Join(src, "backup");
        var ex = Fails(() => _guard.ValidateSelection([src], dest));
        Assert.Equal(ErrorCodes.DestinationInsideSource, ex.Code);
        Assert.Equal($"destination '{dest}' (resolved to '{dest}') is inside source '{src}': the backup would copy itself", ex.Message);
    }

    [Fact]
    public void Destination_inside_source_through_symlink_is_rejected()
    {
        var src = _tmp.Dir("root", "src");
        var link = _tmp.Combine("root", "to-src");
        Directory.CreateSymbolicLink(link, src);
        var ex = Fails(() => _guard.ValidateSelection([src], Path.Join(link, "backup")));
        Assert.Equal(ErrorCodes.DestinationInsideSource, ex.Code);
        Assert.Contains($"(resolved to '{Path.Join(src, "backup")}')", ex.Message);
    }

    [Fact]
    public void Destination_inside_source_through_dotdot_is_rejected()
    {
        var src = _tmp.Dir("root", "src");
        _tmp.Dir("root", "other");
        var ex = Fails(() => _guard.ValidateSelection([src], _tmp.Combine("root", "other", "..", "src", "backup")));
        Assert.Equal(ErrorCodes.DestinationInsideSource, ex.Code);
    }

    [Fact]
    public void Source_inside_destination_is_rejected()
    {
        var dest = _tmp.Dir("root", "dest");
        var src = _tmp.Dir("root", "dest", "src");
        var ex = Fails(() => _guard.ValidateSelection([src], dest));
        Assert.Equal(ErrorCodes.SourceInsideDestination, ex.Code);
        Assert.Equal($"source '{src}' is inside destination '{dest}'", ex.Message);
    }

    [Fact]
    public void Duplicate_sources_are_collapsed_after_resolving()
    {
        var a = _tmp.Dir("root", "a");
        var b = _tmp.Dir("root", "b");
        var link = _tmp.Combine("root", "a-link");
        Directory.CreateSymbolicLink(link, a);
        var selection = _guard.ValidateSelection([a, b, a + "/", link, _tmp.Combine("root", "b", "..", "a")], _tmp.Combine("root", "dest"));
        Assert.Equal([a, b], selection.Sources);
    }

    [Fact]
    public void Validation_writes_nothing_to_disk()
    {
        var src = _tmp.Dir("root", "src");
        _tmp.File("root/src/f.txt", 4);
        Directory.CreateSymbolicLink(_tmp.Combine("root", "escape"), _outside);
        var before = _tmp.Snapshot();

        _guard.ValidateSelection([src], _tmp.Combine("root", "deep", "new", "dest"));
        Fails(() => _guard.ValidateSelection([src], _tmp.Combine("root", "escape", "dest")));
        Fails(() => _guard.ValidateSelection([src], Path.Join(src, "dest")));
        Fails(() => _guard.ValidateSelection([_tmp.Combine("root", "missing")], _tmp.Combine("root", "d")));

        Assert.Equal(before, _tmp.Snapshot());
    }

    [Fact]
    public void No_roots_allows_nothing()
    {
        var guard = new PathGuard([]);
        var ex = Fails(() => guard.Resolve(_root, "source"));
        Assert.Equal(ErrorCodes.PathOutsideAllowedRoots, ex.Code);
        Assert.Equal($"source '{_root}' is outside the allowed roots (none configured)", ex.Message);
    }
}
