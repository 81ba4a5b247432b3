-- Baton's coordination tables, version 2: quarantined digests. Applied once, in one transaction,
-- by PostgresSchema.migrate; ${schema} stands for the schema's quoted name.

-- One row per quarantined digest: no environment deploys or promotes it while the row exists. A
-- release deletes the row; both are recorded in events.
CREATE TABLE ${schema}.quarantines (
  digest         text        PRIMARY KEY,
  reason         text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  who            text        NOT NULL CHECK (length(who) BETWEEN 1 AND 200),
  at             timestamptz NOT NULL,
  recorded_by    text        NOT NULL
);

ALTER TABLE ${schema}.events DROP CONSTRAINT events_kind_check;
ALTER TABLE ${schema}.events ADD CONSTRAINT events_kind_check CHECK (kind IN (
  'build-recorded', 'deploy-started', 'deploy-succeeded', 'deploy-failed',
  'deactivated', 'refused', 'tag-written', 'approved', 'rejected',
  'quarantined', 'released'));
