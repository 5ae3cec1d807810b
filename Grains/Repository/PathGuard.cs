using OrleansBackup.Contracts;

namespace OrleansBackup.Repository;

/// <summary>Keeps sources and destinations under the configured allowed roots. Every check runs on
/// the resolved path ("..", "." and symlinks of the existing part resolved), so neither a ".." nor a
/// symlink planted inside a root can lead outside it. Reads metadata only; never writes.</summary>
public sealed class PathGuard
{
    private readonly string _rootsText;

    /// <summary>Resolves <paramref name="allowedRoots"/> the same way as the paths checked against
    /// them. Throws <see cref="ArgumentException"/> for a relative or unresolvable root (a configuration
    /// error, reported at start-up). No roots means nothing is allowed.</summary>
    public PathGuard(IEnumerable<string> allowedRoots)
    {
        ArgumentNullException.ThrowIfNull(allowedRoots);
        var roots = new List<string>();
        foreach (var root in allowedRoots)
        {
            if (string.IsNullOrWhiteSpace(root) || !Path.IsPathFullyQualified(root))
            {
                throw new ArgumentException($"allowed root '{root}' must be an absolute path", nameof(allowedRoots));
            }

            var resolved = PathResolver.Resolve(root);
            if (resolved.Path is null)
            {
                throw new ArgumentException($"allowed root '{root}' cannot be resolved: {resolved.Error}", nameof(allowedRoots));
            }

            if (!roots.Contains(resolved.Path))
            {
                roots.Add(resolved.Path);
            }
        }

        AllowedRoots = roots;
        _rootsText = roots.Count == 0 ? "none configured" : string.Join(", ", roots);
    }

    /// <summary>Most sources one selection may name.</summary>
    public const int MaxSources = 64;

    /// <summary>Longest path accepted (characters): PATH_MAX less its terminating NUL.</summary>
    public const int MaxPathLength = 4095;

    /// <summary>The resolved allowed roots, without duplicates.</summary>
    public IReadOnlyList<string> AllowedRoots { get; }

    /// <summary>The resolved absolute form of <paramref name="path"/>, which must lie under an allowed
    /// root (<c>path_outside_allowed_roots</c>); an empty or relative path, or a ".." after a part that
    /// does not exist, is <c>invalid_request</c>. <paramref name="what"/> names the path in messages,
    /// e.g. "source" or "destination".</summary>
    public string Resolve(string path, string what)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new BackupException(ErrorCodes.InvalidRequest, $"{what} path is empty");
        }

        // Control characters (NUL, newline, escape...) are refused before anything else: they make
        // paths that cannot be shown, logged or used as a grain key safely, and no user means them.
        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                throw new BackupException(ErrorCodes.InvalidRequest,
                    $"{what} '{Printable(path)}' contains a control character (\\u{(int)c:x4}); paths may not");
            }
        }

        if (path.Length > MaxPathLength)
        {
            throw new BackupException(ErrorCodes.InvalidRequest, $"{what} path is longer than {MaxPathLength} characters ({path.Length})");
        }

        if (!Path.IsPathFullyQualified(path))
        {
            throw new BackupException(ErrorCodes.InvalidRequest, $"{what} '{path}' is not an absolute path");
        }

        var resolved = PathResolver.Resolve(path);
        if (resolved.Path is null)
        {
            throw new BackupException(ErrorCodes.InvalidRequest, $"{what} '{path}' cannot be resolved: {resolved.Error}");
        }

        foreach (var root in AllowedRoots)
        {
            if (PathResolver.IsSameOrInside(resolved.Path, root))
            {
                return resolved.Path;
            }
        }

        var shown = resolved.Path == path ? $"'{path}'" : $"'{path}' (resolved to '{resolved.Path}')";
        throw new BackupException(ErrorCodes.PathOutsideAllowedRoots,
            $"{what} {shown} is outside the allowed roots ({_rootsText})");
    }

    /// <summary>Checks a whole selection, in this order: at least one source and a destination
    /// (<c>invalid_request</c>); each source under the roots, existing (<c>source_not_found</c>) and a
    /// directory (<c>source_not_directory</c>); the destination under the roots; the destination not
    /// equal to or inside a source (<c>destination_inside_source</c>); no source inside the destination
    /// (<c>source_inside_destination</c>). Duplicate sources (after resolving) are collapsed.
    /// Changes nothing on disk.</summary>
    public ValidatedSelection ValidateSelection(IReadOnlyList<string> sources, string destination)
    {
        if (sources is null || sources.Count == 0)
        {
            throw new BackupException(ErrorCodes.InvalidRequest, "at least one source directory is required");
        }

        if (string.IsNullOrWhiteSpace(destination))
        {
            throw new BackupException(ErrorCodes.InvalidRequest, "a destination directory is required");
        }

        if (sources.Count > MaxSources)
        {
            throw new BackupException(ErrorCodes.InvalidRequest, $"at most {MaxSources} source directories may be selected ({sources.Count} given)");
        }

        var resolvedSources = new List<string>(sources.Count);
        foreach (var source in sources)
        {
            var resolved = Resolve(source, "source");
            if (!Directory.Exists(resolved))
            {
                if (File.Exists(resolved))
                {
                    throw new BackupException(ErrorCodes.SourceNotDirectory, $"source '{source}' is not a directory");
                }

                throw new BackupException(ErrorCodes.SourceNotFound, $"source '{source}' does not exist");
            }

            if (!resolvedSources.Contains(resolved))
            {
                resolvedSources.Add(resolved);
            }
        }

        var resolvedDestination = Resolve(destination, "destination");
        foreach (var source in resolvedSources)
        {
            if (PathResolver.IsSameOrInside(resolvedDestination, source))
            {
                throw new BackupException(ErrorCodes.DestinationInsideSource,
                    $"destination '{destination}' (resolved to '{resolvedDestination}') is inside source '{source}': the backup would copy itself");
            }
        }

        foreach (var source in resolvedSources)
        {
            if (PathResolver.IsSameOrInside(source, resolvedDestination))
            {
                throw new BackupException(ErrorCodes.SourceInsideDestination,
                    $"source '{source}' is inside destination '{resolvedDestination}'");
            }
        }

        return new ValidatedSelection(resolvedSources, resolvedDestination);
    }

    /// <summary>Shows control characters as \uXXXX, so a message never carries a raw newline.</summary>
    internal static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
