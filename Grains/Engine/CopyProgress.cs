namespace OrleansBackup.Engine;

/// <summary>Bytes of one file in flight: counted into the directory's counters and the silo's
/// throughput as chunks land, and given back to the counters when the attempt fails.</summary>
internal sealed class CopyProgress(DirectoryCounters counters)
{
    private long _bytes;

    /// <summary>Bytes of the current attempt so far.</summary>
    public long Bytes => _bytes;

    public void Add(int bytes, CopySlot slot)
    {
        _bytes += bytes;
        counters.AddBytes(bytes);
        slot.AddBytes(bytes);
    }

    /// <summary>The attempt failed: its bytes were not copied after all.</summary>
    public void Rollback()
    {
        counters.AddBytes(-_bytes);
        _bytes = 0;
    }
}
