-- Baton's coordination tables, version 2: quarantined digests and approvals. Applied once, in one transaction,
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

-- One row per approval of a digest for an environment by one reviewer (the first stands): they add
-- up across runs to the environment's required count of distinct approvers.
CREATE TABLE ${schema}.approvals (
  id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  environment text        NOT NULL,
  digest      text        NOT NULL,
  commit_sha  text        NOT NULL,
  reviewer    text        NOT NULL CHECK (length(reviewer) BETWEEN 1 AND 200),
  at          timestamptz NOT NULL,
  recorded_by text        NOT NULL,
  UNIQUE (environment, digest, reviewer)
);
CREATE INDEX approvals_by_environment ON ${schema}.approvals (environment, at DESC);
