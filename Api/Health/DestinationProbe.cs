namespace OrleansBackup.Api.Health;

/// <summary>Finds the directory that decides whether a destination can be written: the
/// destination itself, or its nearest existing parent when it does not exist yet.</summary>
internal static class DestinationProbe
{
    public static string? NearestExisting(string path)
    {
        for (var dir = Path.GetFullPath(path); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir))
            {
                return dir;
            }
        }

        return null;
    }

    /// <summary>Free bytes available to this process where <paramref name="path"/> lives (its nearest
    /// existing directory); null when that cannot be known (nothing exists, unmounted, odd path).</summary>
    public static long? FreeBytes(string path)
    {
        if (NearestExisting(path) is not { } dir)
        {
            return null;
        }

        try
        {
            return new DriveInfo(dir).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
