-- Baton's coordination tables, version 1. Applied once, in one transaction, by
-- PostgresSchema.migrate; ${schema} stands for the schema's quoted name.

-- One row per lease key: its holder (owner and expires_at are null when free), the newest fencing
-- token granted (never reused, so a row outlives its lease) and the newest queue ticket.
CREATE TABLE ${schema}.leases (
  lease_key   text        PRIMARY KEY CHECK (length(lease_key) BETWEEN 1 AND 512),
  owner       text        CHECK (length(owner) BETWEEN 1 AND 200),
  token       bigint      NOT NULL DEFAULT 0 CHECK (token >= 0),
  expires_at  timestamptz,
  last_ticket bigint      NOT NULL DEFAULT 0 CHECK (last_ticket >= 0),
  CHECK ((owner IS NULL) = (expires_at IS NULL))
);

-- The runs waiting for a key, by ticket; an entry lapses at expires_at unless refreshed.
CREATE TABLE ${schema}.lease_waiters (
  lease_key  text        NOT NULL,
  owner      text        NOT NULL CHECK (length(owner) BETWEEN 1 AND 200),
  commit_sha text,
  ticket     bigint      NOT NULL CHECK (ticket > 0),
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (lease_key, owner)
);

-- The first image recorded for each commit (first writer wins).
CREATE TABLE ${schema}.builds (
  commit_sha  text        PRIMARY KEY,
  image       text        NOT NULL,
  digest      text        NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  recorded_by text        NOT NULL
);

-- One row per deployment target: the row every write to the target locks first, and the greatest
-- fencing token that has written to it.
CREATE TABLE ${schema}.targets (
  target       text   PRIMARY KEY,
  environment  text   NOT NULL,
  instance     text   NOT NULL,
  newest_token bigint NOT NULL DEFAULT 0 CHECK (newest_token >= 0)
);

-- Every deployment, in the states of GitHub Deployments.
CREATE TABLE ${schema}.deployments (
  id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  target      text        NOT NULL REFERENCES ${schema}.targets (target),
  environment text        NOT NULL,
  instance    text        NOT NULL,
  commit_sha  text        NOT NULL,
  image       text        NOT NULL,
  digest      text        NOT NULL,
  variables   jsonb       NOT NULL DEFAULT '{}',
  state       text        NOT NULL
              CHECK (state IN ('IN_PROGRESS', 'SUCCESS', 'FAILURE', 'INACTIVE')),
  url         text        NOT NULL DEFAULT '',
  token       bigint      NOT NULL DEFAULT 0,
  created_by  text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX deployments_by_environment ON ${schema}.deployments (environment, id DESC);
CREATE INDEX deployments_by_digest ON ${schema}.deployments (environment, digest);
-- A target has at most one current (successful, still active) deployment, whatever the writers do.
CREATE UNIQUE INDEX deployments_one_current ON ${schema}.deployments (target)
  WHERE state = 'SUCCESS';

-- What happened, newest last: deploys, destroys, tag writes, approvals and refused writes, with who
-- did them and why. Rows are only ever added.
CREATE TABLE ${schema}.events (
  id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT clock_timestamp(),
  kind          text        NOT NULL CHECK (kind IN (
                  'build-recorded', 'deploy-started', 'deploy-succeeded', 'deploy-failed',
                  'deactivated', 'refused', 'tag-written', 'approved', 'rejected')),
  environment   text,
  target        text,
  actor         text        NOT NULL,
  commit_sha    text,
  digest        text,
  deployment_id bigint,
  token         bigint      NOT NULL DEFAULT 0,
  reason        text        NOT NULL DEFAULT ''
);
CREATE INDEX events_by_environment ON ${schema}.events (environment, id DESC);
