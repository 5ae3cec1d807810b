using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Microsoft.Extensions.Options;

namespace OrleansBackup.Silo.Storage;

/// <summary>The single-machine mode's durable store: one SQLite database,
/// <c>&lt;StateDir&gt;/orleans-backup.db</c>, holding grain state (<see cref="SqliteGrainStorage"/>)
/// and reminders (<see cref="SqliteReminderTable"/>). Needs no set-up: the directory, the file and
/// the schema are created on first start. Journal in WAL mode with <c>synchronous=FULL</c>, so a
/// committed write survives <c>kill -9</c> and a power cut alike. One silo at a time: the silo holds
/// an exclusive lock on <c>&lt;StateDir&gt;/silo.lock</c> while it runs (the kernel releases it when the
/// process dies, however it dies), and a second silo on the same directory stops at start-up.</summary>
public sealed partial class SqliteStateStore : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>The database file's name inside the state directory.</summary>
    public const string DatabaseFileName = "orleans-backup.db";

    /// <summary>The lock file's name inside the state directory.</summary>
    public const string LockFileName = "silo.lock";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            service_id  TEXT    NOT NULL,
            state_name  TEXT    NOT NULL,
            grain_id    TEXT    NOT NULL,
            version     INTEGER NOT NULL,
            payload     BLOB,
            modified_at TEXT    NOT NULL,
            PRIMARY KEY (service_id, state_name, grain_id));
        CREATE TABLE IF NOT EXISTS reminders (
            service_id    TEXT    NOT NULL,
            grain_id      TEXT    NOT NULL,
            reminder_name TEXT    NOT NULL,
            grain_hash    INTEGER NOT NULL,
            start_at      INTEGER NOT NULL,
            period        INTEGER NOT NULL,
            version       INTEGER NOT NULL,
            PRIMARY KEY (service_id, grain_id, reminder_name));
        CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (service_id, grain_hash);
        """;

    private readonly string _connectionString;
    private readonly ILogger<SqliteStateStore> _logger;
    private FileStream? _lock;

    public SqliteStateStore(string stateDir, IOptions<ClusterOptions> cluster, ILogger<SqliteStateStore> logger)
    {
        StateDir = Path.GetFullPath(stateDir);
        DatabasePath = Path.Combine(StateDir, DatabaseFileName);
        ServiceId = cluster.Value.ServiceId;
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Waits this long for a lock held by another connection (SQLITE_BUSY) before failing.
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The state directory, absolute.</summary>
    public string StateDir { get; }

    public string DatabasePath { get; }

    /// <summary>Rows are keyed by the Orleans service id too, so clusters with different
    /// <c>ClusterId</c>s may share a state directory one after the other without seeing each other's state.</summary>
    public string ServiceId { get; }

    public bool IsOpen => _lock is not null;

    void ILifecycleParticipant<ISiloLifecycle>.Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SqliteStateStore), ServiceLifecycleStage.RuntimeInitialize, OpenAsync, _ => { Dispose(); return Task.CompletedTask; });

    /// <summary>Creates the directory, takes the lock and creates the schema. Idempotent.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        if (_lock is not null) return;
        Directory.CreateDirectory(StateDir);
        var lockPath = Path.Combine(StateDir, LockFileName);
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix.
            _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"The state directory '{StateDir}' is in use by another silo ({lockPath} is locked); " +
                                  "give each silo its own BACKUP_STATE_DIR, or use BACKUP_DB for a cluster.", ex);
        }
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (var wal = connection.CreateCommand())
            {
                // Persistent in the file: every later connection journals through the WAL.
                wal.CommandText = "PRAGMA journal_mode=WAL;";
                await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using var schema = connection.CreateCommand();
            schema.CommandText = Schema;
            await schema.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Dispose();
            throw;
        }
        LogOpened(DatabasePath, ServiceId);
    }

    /// <summary>An open connection from the pool, with the per-connection durability setting applied.</summary>
    public async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragma = connection.CreateCommand();
            // FULL: a commit is on disk before it returns, so a reboot keeps it (NORMAL keeps it only
            // through a process crash). State is written at transitions, so the cost is small.
            pragma.CommandText = "PRAGMA synchronous=FULL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Releases the lock; pooled connections are closed so the files can be moved or deleted.</summary>
    public void Dispose()
    {
        if (_lock is null) return;
        SqliteConnection.ClearAllPools();
        _lock.Dispose();
        _lock = null;
    }
}
