-- Orleans.Backup: PostgreSQL schema, part 1 of 4: the query catalogue.
--
-- The Orleans ADO.NET providers (clustering, grain persistence, reminders) carry no SQL of their
-- own. At start-up each one reads `SELECT QueryKey, QueryText FROM OrleansQuery` and from then on
-- runs only those texts, binding its values as named parameters (@DeploymentId, @GrainIdHash, ...)
-- and reading the result columns by name. The scripts that follow fill this table; a text can be
-- tuned freely as long as it keeps the parameter names and the result columns.
--
-- Every script in this folder is idempotent: `OrleansBackup.Silo init-db` applies all of them at
-- every deployment, each in its own transaction.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);

COMMENT ON TABLE OrleansQuery IS
    'Query texts the Orleans ADO.NET providers run, by key. Written by OrleansBackup.Silo init-db.';
