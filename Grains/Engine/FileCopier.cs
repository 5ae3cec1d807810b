using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using OrleansBackup.Contracts;

namespace OrleansBackup.Engine;

/// <summary>Copies one regular file: source -> temporary file in the target directory, hashing
/// the bytes as they pass (one read of the source), then mode, mtime, optional fsync and verify,
/// then rename over the real name. A partial file never appears under the real name.</summary>
internal sealed class FileCopier
{
    /// <summary>Read/write chunk: 1 MiB, large enough to amortise syscalls, small enough to notice
    /// a cancellation promptly.</summary>
    internal const int ChunkSize = 1 << 20;

    /// <summary>Buffers in flight for one large file (read ahead, being hashed, being written).</summary>
    private const int PipelineDepth = 4;

    private const int TempMode = 0x180; // 0600 until the real mode is set on the handle

    private readonly ISourceFileOpener _opener;

    public FileCopier(ISourceFileOpener opener) => _opener = opener;

    /// <summary>One attempt. Throws <see cref="OperationCanceledException"/> on cancellation, after
    /// the temporary is deleted.</summary>
    public async Task<CopyAttempt> CopyAsync(string sourcePath, SafeDirectory targetDir, string name, FileStat stat,
        Durability durability, bool verify, CopySlot slot, CopyProgress progress, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        SafeFileHandle source;
        try
        {
            source = _opener.OpenRead(sourcePath);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return CopyAttempt.Fail(FileErrorClassifier.FromException(e));
        }
        using (source)
        {
            var tempName = TempNames.For(name);
            var temp = targetDir.OpenFile(tempName, Native.ORdWr | Native.OCreat | Native.OExcl, TempMode, out int errno);
            if (temp is null) return new CopyAttempt(CopyStatus.TempCreateFailed, Errno: errno);
            bool renamed = false;
            try
            {
                string? hash;
                using (temp)
                {
                    try
                    {
                        hash = await TransferAsync(source, temp, stat.Size, slot, progress, ct).ConfigureAwait(false);
                    }
                    catch (IOException e)
                    {
                        return CopyAttempt.Fail(FileErrorClassifier.FromException(e));
                    }
                    if (hash is null) return new CopyAttempt(CopyStatus.Changed);
                    // Changed while we read it? Size or mtime moved since the lstat before.
                    errno = Native.FStat(source, out var after);
                    if (errno != 0) return CopyAttempt.Fail(FileErrorClassifier.FromErrno(errno));
                    if (after.Size != stat.Size || after.MtimeNs != stat.MtimeNs) return new CopyAttempt(CopyStatus.Changed);

                    errno = Native.SetModeAndTimes(temp, stat.Permissions, stat);
                    if (errno == 0 && durability == Durability.Fsync) errno = Native.Fsync(temp);
                    if (errno != 0) return CopyAttempt.Fail(FileErrorClassifier.FromErrno(errno));
                    // Verify before the rename, so a bad copy never appears under the real name.
                    if (verify && HashHandle(temp, stat.Size, ct) != hash)
                        return new CopyAttempt(CopyStatus.Failed, Code: ErrorCodes.VerifyMismatch,
                            Reason: "verify mismatch: the copy differs from the source");
                }
                errno = targetDir.Rename(tempName, name);
                if (errno != 0) return CopyAttempt.Fail(FileErrorClassifier.FromErrno(errno));
                renamed = true;
                return new CopyAttempt(CopyStatus.Copied, hash);
            }
            finally
            {
                if (!renamed)
                {
                    targetDir.Unlink(tempName);
                    progress.Rollback();
                }
            }
        }
    }

    /// <summary>Copies <paramref name="size"/> bytes and returns the hex SHA-256, or null when the
    /// source ended early. Large files read the next chunk while the current one is hashed and written.</summary>
    private static async Task<string?> TransferAsync(SafeFileHandle source, SafeFileHandle target, long size,
        CopySlot slot, CopyProgress progress, CancellationToken ct)
    {
        if (size <= ChunkSize)
        {
            // Small files: one read, one hash call, one write; no IncrementalHash, no second buffer.
            byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, (int)size));
            try
            {
                int n = ReadFully(source, buffer.AsSpan(0, (int)size), 0);
                if (n < size) return null;
                Span<byte> digest = stackalloc byte[32];
                SHA256.HashData(buffer.AsSpan(0, n), digest);
                RandomAccess.Write(target, buffer.AsSpan(0, n), 0);
                progress.Add(n, slot);
                var hex = Convert.ToHexStringLower(digest);
                await slot.ThrottleAsync(n, ct).ConfigureAwait(false);
                return hex;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        // Large files: three stages overlap so two cores stay busy. The next chunk is read on the
        // thread pool (awaited with the token, so a stuck read cannot delay a stop), the current one is
        // hashed on an ordered continuation chain and written here. A ring of buffers lets each stage
        // run ahead; a buffer is reused only once its hash is done.
        Native.AdviseSequential(source);
        var buffers = new byte[PipelineDepth][];
        var hashed = new Task[PipelineDepth];
        for (int i = 0; i < PipelineDepth; i++)
        {
            buffers[i] = ArrayPool<byte>.Shared.Rent(ChunkSize);
            hashed[i] = Task.CompletedTask;
        }
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Task hashChain = Task.CompletedTask;
        Task<int>? pending = null;
        try
        {
            long offset = 0;
            pending = ReadAheadAsync(source, buffers[0], 0, (int)Math.Min(ChunkSize, size));
            for (int k = 0; offset < size; k++)
            {
                int want = (int)Math.Min(ChunkSize, size - offset);
                // Invariant: a read is pending whenever offset < size.
                int n = await pending!.WaitAsync(ct).ConfigureAwait(false);
                pending = null;
                if (n < want) return null;
                long nextOffset = offset + n;
                if (nextOffset < size)
                {
                    int j = (k + 1) % PipelineDepth;
                    await hashed[j].ConfigureAwait(false);
                    pending = ReadAheadAsync(source, buffers[j], nextOffset, (int)Math.Min(ChunkSize, size - nextOffset));
                }
                var buffer = buffers[k % PipelineDepth];
                hashChain = hashChain.ContinueWith(static (_, state) =>
                {
                    var (h, b, len) = ((IncrementalHash, byte[], int))state!;
                    h.AppendData(b, 0, len);
                }, (hash, buffer, n), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                hashed[k % PipelineDepth] = hashChain;
                RandomAccess.Write(target, buffer.AsSpan(0, n), offset);
                progress.Add(n, slot);
                await slot.ThrottleAsync(n, ct).ConfigureAwait(false);
                offset = nextOffset;
                ct.ThrowIfCancellationRequested();
            }
            await hashChain.ConfigureAwait(false);
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            // Hashing never blocks: let it finish before the hash object and buffers go away.
            await hashChain.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            hash.Dispose();
            if (pending is null || pending.IsCompleted)
                ReturnAll(buffers);
            else
                // A read still in flight owns a buffer: the buffers go back to the pool only when it
                // ends, but the copy (and its temporary) is cleaned up now.
                _ = pending.ContinueWith(static (_, state) => ReturnAll((byte[][])state!), buffers,
                    CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private static void ReturnAll(byte[][] buffers)
    {
        foreach (var b in buffers) ArrayPool<byte>.Shared.Return(b);
    }

    private static Task<int> ReadAheadAsync(SafeFileHandle source, byte[] buffer, long offset, int count) =>
        Task.Run(() => ReadFully(source, buffer.AsSpan(0, count), offset));

    /// <summary>Reads until <paramref name="buffer"/> is full or EOF; returns the bytes read.</summary>
    internal static int ReadFully(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = Native.PRead(handle, buffer[total..], offset + total);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    /// <summary>Hex SHA-256 of the first <paramref name="size"/> bytes of an open file, or null when
    /// it is shorter.</summary>
    internal static string? HashHandle(SafeFileHandle handle, long size, CancellationToken ct)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(size, 1, ChunkSize));
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long offset = 0;
            while (offset < size)
            {
                int want = (int)Math.Min(buffer.Length, size - offset);
                int n = ReadFully(handle, buffer.AsSpan(0, want), offset);
                if (n < want) return null;
                hash.AppendData(buffer, 0, n);
                offset += n;
                ct.ThrowIfCancellationRequested();
            }
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Hashes an existing destination file, to complete a manifest when the destination was
    /// the baseline. Returns null (and the error) when it cannot be read.</summary>
    internal static (string? Sha256, (string Code, string Reason)? Error) HashFile(SafeDirectory dir, string name, long size, CancellationToken ct)
    {
        using var handle = dir.OpenFile(name, Native.ORdOnly | Native.ONonBlock, 0, out int errno);
        if (handle is null) return (null, FileErrorClassifier.FromErrno(errno));
        try
        {
            return (HashHandle(handle, size, ct), null);
        }
        catch (IOException e)
        {
            return (null, FileErrorClassifier.FromException(e));
        }
    }
}
