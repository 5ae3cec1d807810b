using System.Security.Cryptography;

namespace OrleansBackup.Repository;

/// <summary>Writes a whole file so that readers see either the old content or the new, never a
/// part: temp file in the same folder, fsync, rename, fsync of the folder.</summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>. With
    /// <paramref name="overwrite"/> false, returns false (and writes nothing) when the file exists,
    /// so concurrent creators agree on one winner.</summary>
    internal static async Task<bool> WriteAsync(string path, ReadOnlyMemory<byte> content, bool overwrite, CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(path)!;
        var temp = Path.Join(directory, $".{Path.GetFileName(path)}.tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            if (overwrite)
            {
                File.Move(temp, path, overwrite: true);
            }
            else
            {
                try
                {
                    File.Move(temp, path, overwrite: false);
                }
                catch (IOException) when (File.Exists(path))
                {
                    return false;
                }
            }

            DirectorySync.Flush(directory);
            return true;
        }
        finally
        {
            // Gone after a successful rename; removed here after a failure or a lost race.
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
