namespace OrleansBackup.Repository;

/// <summary>Resolves a path the way <c>realpath -m</c> does, without touching the disk beyond
/// reading metadata and link targets: "." and ".." and every symlink of the longest existing prefix
/// are resolved; the part that does not exist yet is appended as written.</summary>
internal static class PathResolver
{
    // Same bound as Linux's MAXSYMLINKS: a loop of links must end in an error, not a hang.
    private const int MaxLinks = 40;

    /// <summary>The outcome: the resolved path, or why it could not be resolved.</summary>
    internal readonly record struct Result(string? Path, string? Error);

    /// <summary>Resolves an absolute <paramref name="path"/>. A ".." after a part that does not
    /// exist is refused: what it would refer to cannot be known until that part is created.</summary>
    internal static Result Resolve(string path)
    {
        var root = Path.GetPathRoot(path)!;
        var pending = new LinkedList<string>(Split(path[root.Length..]));
        var current = root;
        var links = 0;

        while (pending.First is { } node)
        {
            var segment = node.Value;
            pending.RemoveFirst();
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Join(current, segment);
            var target = LinkTarget(next);
            if (target is not null)
            {
                if (++links > MaxLinks)
                {
                    return new Result(null, "too many levels of symbolic links");
                }

                // A link's target replaces the link: relative targets are read from the link's folder.
                var targetSegments = Split(Path.IsPathRooted(target) ? target[Path.GetPathRoot(target)!.Length..] : target);
                for (var i = targetSegments.Length - 1; i >= 0; i--)
                {
                    pending.AddFirst(targetSegments[i]);
                }

                if (Path.IsPathRooted(target))
                {
                    current = Path.GetPathRoot(target)!;
                }

                continue;
            }

            if (!File.Exists(next) && !Directory.Exists(next))
            {
                // The rest does not exist: append it lexically.
                pending.AddFirst(segment);
                foreach (var rest in pending)
                {
                    if (rest == "..")
                    {
                        return new Result(null, $"'..' follows '{segment}', which does not exist");
                    }

                    if (rest != ".")
                    {
                        current = Path.Join(current, rest);
                    }
                }

                return new Result(current, null);
            }

            current = next;
        }

        return new Result(current, null);
    }

    /// <summary>True when <paramref name="path"/> equals <paramref name="parent"/> or lies inside it.
    /// Both must be resolved already.</summary>
    internal static bool IsSameOrInside(string path, string parent)
    {
        var comparison = OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var trimmedParent = parent.Length > 1 ? parent.TrimEnd(Path.DirectorySeparatorChar) : parent;
        if (string.Equals(path, trimmedParent, comparison))
        {
            return true;
        }

        var prefix = trimmedParent.EndsWith(Path.DirectorySeparatorChar) ? trimmedParent : trimmedParent + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, comparison);
    }

    private static string[] Split(string path) =>
        path.Split(['/', Path.DirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            // ENOTDIR and the like: the path cannot be a link, so it is simply "not existing" below.
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
