-- Orleans.Backup: PostgreSQL schema, part 3 of 4: grain state
-- (Microsoft.Orleans.Persistence.AdoNet, AdoNetGrainStorage).
--
-- A grain's state is one row, identified by service, grain type and grain key. The provider
-- passes the key split up: @GrainIdN0/@GrainIdN1 (the Guid or integer key, 0 for string keys) and
-- @GrainIdExtensionString (the string key or the key extension, NULL when there is none), plus
-- 32-bit hashes of key and type (@GrainIdHash, @GrainTypeHash) for a compact index.
--
-- Version is the ETag: 1 on first write, +1 on every write or clear. A write or clear carries the
-- version the grain last saw (@GrainStateVersion, NULL for "never stored"); on a mismatch the
-- query yields no version and Orleans raises InconsistentStateException.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        text         NOT NULL,
    GrainIdExtensionString text         NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,     -- NULL after ClearState: "no state, version kept"
    ModifiedOn             timestamptz  NOT NULL DEFAULT now(),
    Version                integer      NOT NULL
);

-- One row per grain. Long type names and string keys are folded through md5 so the index entry
-- stays small; the 'k:' prefix keeps a NULL extension apart from an empty one.
CREATE UNIQUE INDEX IF NOT EXISTS IX_OrleansStorage_Grain ON OrleansStorage
    (GrainIdHash, GrainTypeHash, ServiceId, GrainIdN0, GrainIdN1,
     md5(GrainTypeString), md5(COALESCE('k:' || GrainIdExtensionString, '')));

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Result: PayloadBinary, Version; no row when the grain was never stored.
('ReadFromStorageKey', $q$
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND ServiceId = @ServiceId
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$),

-- Result: one row, NewGrainStateVersion: the new version, or NULL when @GrainStateVersion was stale.
-- A first write inserts version 1 (and loses to a concurrent first write through the unique
-- index); later writes replace the payload only where the stored version is the expected one.
('WriteToStorageKey', $q$
WITH replaced AS (
    UPDATE OrleansStorage
    SET PayloadBinary = @PayloadBinary, Version = Version + 1, ModifiedOn = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND ServiceId = @ServiceId
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version
), created AS (
    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
         ServiceId, PayloadBinary, Version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
           @ServiceId, @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version
)
SELECT (SELECT Version FROM replaced UNION ALL SELECT Version FROM created LIMIT 1) AS NewGrainStateVersion;
$q$),

-- ClearState keeping the row: drops the payload, bumps the version. Result: the new version;
-- no row when @GrainStateVersion was stale.
('ClearStorageKey', $q$
UPDATE OrleansStorage
SET PayloadBinary = NULL, Version = Version + 1, ModifiedOn = now()
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND ServiceId = @ServiceId
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;
$q$),

-- ClearState with AdoNetGrainStorageOptions.DeleteStateOnClear: deletes the row. The provider
-- wants a value different from the ETag it sent, so the result is the deleted version + 1;
-- no row when @GrainStateVersion was stale.
('DeleteStorageKey', $q$
DELETE FROM OrleansStorage
WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND ServiceId = @ServiceId
  AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND Version = @GrainStateVersion
RETURNING Version + 1 AS NewGrainStateVersion;
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
