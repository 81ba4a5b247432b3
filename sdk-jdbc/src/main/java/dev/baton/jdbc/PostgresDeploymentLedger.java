package dev.baton.jdbc;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.PipelineListener;
import dev.baton.StaleWriteException;
import dev.baton.internal.Json;
import dev.baton.internal.retry.Waits;
import dev.baton.spi.ApprovalRecord;
import dev.baton.spi.BuildRecord;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentStart;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Fence;
import dev.baton.spi.QuarantineRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link DeploymentLedger} in PostgreSQL, shared by every process that reaches the database:
 * tables {@code builds}, {@code targets}, {@code deployments} and {@code events} of a schema made
 * by {@link PostgresSchema#migrate(DataSource, String)}. Use it with {@link PostgresLeaseStore}'s
 * fencing tokens.
 *
 * <p><b>Fenced writes.</b> {@link #begin}, {@link #finish} and {@link #deactivate} each run as one
 * transaction at READ COMMITTED that first locks the target's row in {@code targets} ({@code INSERT
 * ... ON CONFLICT DO UPDATE}, which creates it on first use). Every write to a target takes that
 * lock, so they run one after the other, and each statement after the lock sees everything the
 * previous holder committed. Holding it, the transaction reads the newest token that has written to
 * the target and the target's current deployment, asks {@link Fence#violation} (the SPI's own rule,
 * so this ledger cannot drift from it) and then either makes the write and records the token, or
 * records the refusal in {@code events} and commits that alone, throwing {@link
 * StaleWriteException}. The check and the write are thus one atomic step; a unique index (one
 * {@code SUCCESS} per target) makes a second current deployment impossible whatever a writer does.
 * A serialization failure or deadlock aborts the transaction, which is then run again, a bounded
 * number of times.
 *
 * <p><b>History.</b> Every start, end and deactivation of a deployment, every first build of a
 * commit and every refused write is added to table {@code events} in the transaction that made it,
 * with the actor the ledger was made with; {@link #history(HistoryQuery)} reads it, newest first.
 * Tag writes, approvals and refusals by policy are added by {@link #historyListener()}, a listener
 * to register on the pipeline, or by {@link #recordEvent}.
 *
 * <p>Approvals are rows of table {@code approvals}, one per environment, digest and reviewer.
 * Quarantined digests are rows of table {@code quarantines}; a quarantine and a release each add an
 * entry to {@code events} ({@code quarantined}, {@code released}) in the statement that makes them.
 *
 * <p>{@link #recordBuild} is first-writer-wins: {@code INSERT ... ON CONFLICT DO NOTHING}, then the
 * row that stands is read. Times are the database's ({@code clock_timestamp()}). Safe for
 * concurrent use.
 */
public final class PostgresDeploymentLedger implements DeploymentLedger {
  private static final String COLUMNS =
      "id, environment, instance, commit_sha, image, variables::text, state, updated_at, url";

  private final Database db;
  private final String actor;
  private final LedgerEvents events;

  /**
   * A ledger on schema {@value PostgresSchema#DEFAULT_SCHEMA}, whose history names this machine's
   * user and host as the actor.
   *
   * @param dataSource the database, migrated by {@link PostgresSchema#migrate(DataSource)}
   */
  public PostgresDeploymentLedger(DataSource dataSource) {
    this(dataSource, PostgresSchema.DEFAULT_SCHEMA);
  }

  /**
   * A ledger whose history names this machine's user and host as the actor.
   *
   * @param dataSource the database
   * @param schema the schema holding the tables, migrated by {@link
   *     PostgresSchema#migrate(DataSource, String)}
   */
  public PostgresDeploymentLedger(DataSource dataSource, String schema) {
    this(dataSource, schema, defaultActor());
  }

  /**
   * @param dataSource the database
   * @param schema the schema holding the tables, migrated by {@link
   *     PostgresSchema#migrate(DataSource, String)}
   * @param actor who writes, as the history names them (a CI job, a user): 1 to 200 characters
   */
  public PostgresDeploymentLedger(DataSource dataSource, String schema, String actor) {
    this(new Database(dataSource, schema, true, Waits.SYSTEM), actor);
  }

  PostgresDeploymentLedger(Database db, String actor) {
    this.db = db;
    Objects.requireNonNull(actor, "actor");
    if (actor.isBlank() || actor.length() > 200) {
      throw new IllegalArgumentException(
          "actor must have 1 to 200 characters, got " + actor.length());
    }
    this.actor = actor;
    this.events = new LedgerEvents(db, actor);
  }

  /** {@return who writes, as the history names them} */
  public String actor() {
    return actor;
  }

  // ---- builds ----------------------------------------------------------------------------------

  private static final String RECORD_BUILD =
      "WITH b AS (INSERT INTO {s}.builds (commit_sha, image, digest, recorded_by)"
          + " VALUES (?, ?, ?, ?) ON CONFLICT (commit_sha) DO NOTHING"
          + " RETURNING commit_sha, image, digest, recorded_at),"
          + " e AS (INSERT INTO {s}.events (kind, actor, commit_sha, digest, reason)"
          + " SELECT 'build-recorded', ?, commit_sha, digest, image FROM b)"
          + " SELECT image, recorded_at FROM b";
  private static final String BUILD =
      "SELECT image, recorded_at FROM {s}.builds WHERE commit_sha = ?";

  @Override
  public BuildRecord recordBuild(CommitSha commit, ImageReference image) {
    Digest digest = DeploymentLedger.checkBuild(commit, image);
    return db.call(
        "record the build of " + commit,
        firstWriterWins(
            RECORD_BUILD,
            Database.params(commit.value(), image.toString(), digest.toString(), actor, actor),
            BUILD,
            Database.params(commit.value()),
            rs -> build(rs, commit)));
  }

  @Override
  public Optional<BuildRecord> build(CommitSha commit) {
    Objects.requireNonNull(commit, "commit");
    return db.query(
        "read the build of " + commit,
        BUILD,
        Database.params(commit.value()),
        Database.Result.first(rs -> build(rs, commit)));
  }

  private static BuildRecord build(ResultSet rs, CommitSha commit) throws SQLException {
    return new BuildRecord(
        commit, ImageReference.parse(rs.getString(1)), PostgresLeaseStore.instant(rs, 2));
  }

  // ---- deployments -----------------------------------------------------------------------------

  /** Raises the target's newest token to the writer's; part of every fenced write. */
  private static final String TOKEN =
      " tok AS (UPDATE {s}.targets SET newest_token = ? WHERE target = ? AND newest_token < ?)";

  private static final String BEGIN =
      "WITH d AS (INSERT INTO {s}.deployments (target, environment, instance, commit_sha, image,"
          + " digest, variables, state, token, created_by)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, 'IN_PROGRESS', ?, ?) RETURNING *),"
          + TOKEN
          + ","
          + LedgerEvents.insertFrom("deploy-started", "d")
          + " SELECT "
          + COLUMNS
          + " FROM d";
  private static final String DEACTIVATE_OTHERS =
      "UPDATE {s}.deployments SET state = 'INACTIVE', updated_at = clock_timestamp()"
          + " WHERE target = ? AND state = 'SUCCESS' AND id <> ?";
  private static final String FINISH =
      "WITH d AS (UPDATE {s}.deployments SET state = ?, updated_at = clock_timestamp(),"
          + " url = CASE WHEN ? = '' THEN url ELSE ? END WHERE id = ? AND target = ?"
          + " RETURNING *),"
          + TOKEN
          + ",";
  private static final String DEACTIVATE =
      "WITH d AS (UPDATE {s}.deployments SET state = 'INACTIVE', updated_at = clock_timestamp()"
          + " WHERE target = ? AND state = 'SUCCESS' RETURNING *),"
          + " one AS (SELECT d.* FROM (SELECT 1) x LEFT JOIN d ON true),"
          + TOKEN
          + ","
          + LedgerEvents.insertFrom("deactivated", "one")
          + " SELECT count(*) FROM d";
  private static final String CURRENT =
      "SELECT " + COLUMNS + " FROM {s}.deployments WHERE target = ? AND state = 'SUCCESS'";
  private static final String LOCK_TARGET =
      "INSERT INTO {s}.targets AS t (target, environment, instance) VALUES (?, ?, ?)"
          + " ON CONFLICT (target) DO UPDATE SET newest_token = t.newest_token"
          + " RETURNING newest_token";

  @Override
  public DeploymentRecord begin(DeploymentStart start, Fence fence) {
    DeploymentTarget target = start.target();
    CommitSha commit = start.commit();
    Digest digest = start.digest();
    String vars = Json.write(start.variables());
    String insert = db.sql(BEGIN);
    return fenced(
        "record the start of a deployment to " + target,
        new Attempt(target, fence, Optional.of(commit), Optional.of(digest), 0),
        c ->
            Database.query(
                c,
                insert,
                ps -> {
                  int i = bindTarget(ps, 1, target);
                  ps.setString(i++, commit.value());
                  ps.setString(i++, start.image().toString());
                  ps.setString(i++, digest.toString());
                  ps.setString(i++, vars);
                  ps.setLong(i++, fence.token());
                  ps.setString(i++, actor);
                  i = bindToken(ps, i, target, fence);
                  events.bindFrom(
                      ps, i, target, fence, fence.equals(Fence.none()) ? "" : fence.toString());
                },
                Database.Result.single(PostgresDeploymentLedger::deployment)));
  }

  @Override
  public DeploymentRecord finish(
      DeploymentRecord deployment, DeploymentState state, String url, Fence fence) {
    DeploymentLedger.checkFinish(deployment, state, url, fence);
    long id = id(deployment);
    DeploymentTarget target = deployment.target();
    boolean success = state == DeploymentState.SUCCESS;
    Fence condition = success ? fence : Fence.none();
    String deactivateOthers = db.sql(DEACTIVATE_OTHERS);
    String update =
        db.sql(
            FINISH
                + LedgerEvents.insertFrom(success ? "deploy-succeeded" : "deploy-failed", "d")
                + " SELECT "
                + COLUMNS
                + " FROM d");
    return fenced(
        "record the "
            + (success ? "success" : "failure")
            + " of deployment "
            + id
            + " to "
            + target,
        new Attempt(
            target,
            condition,
            Optional.of(deployment.commit()),
            Optional.of(deployment.digest()),
            id),
        c -> {
          if (success) {
            // Before this one becomes SUCCESS: the unique index allows one per target at a time.
            Database.update(c, deactivateOthers, Database.params(target.toString(), id));
          }
          return Database.query(
                  c,
                  update,
                  ps -> {
                    ps.setString(1, state.name());
                    ps.setString(2, url);
                    ps.setString(3, url);
                    ps.setLong(4, id);
                    ps.setString(5, target.toString());
                    int i = bindToken(ps, 6, target, condition);
                    events.bindFrom(ps, i, target, condition, url);
                  },
                  Database.Result.first(PostgresDeploymentLedger::deployment))
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown deployment " + deployment.id() + " to " + target));
        });
  }

  @Override
  public void deactivate(DeploymentTarget target, Fence fence) {
    Objects.requireNonNull(target, "target");
    String update = db.sql(DEACTIVATE);
    fenced(
        "deactivate the deployments of " + target,
        new Attempt(target, fence, Optional.empty(), Optional.empty(), 0),
        c ->
            Database.query(
                c,
                update,
                ps -> {
                  ps.setString(1, target.toString());
                  int i = bindToken(ps, 2, target, fence);
                  events.bindFrom(ps, i, target, fence, "destroyed");
                },
                Database.Result.single(rs -> rs.getInt(1))));
  }

  @Override
  public List<DeploymentRecord> history(EnvironmentName environment) {
    Objects.requireNonNull(environment, "environment");
    return db.query(
        "read the deployments of " + environment,
        "SELECT " + COLUMNS + " FROM {s}.deployments WHERE environment = ? ORDER BY id DESC",
        Database.params(environment.value()),
        Database.Result.all(PostgresDeploymentLedger::deployment));
  }

  @Override
  public Optional<DeploymentRecord> current(DeploymentTarget target) {
    Objects.requireNonNull(target, "target");
    return db.query(
        "read the current deployment of " + target,
        CURRENT,
        Database.params(target.toString()),
        Database.Result.first(PostgresDeploymentLedger::deployment));
  }

  @Override
  public boolean hasSucceeded(EnvironmentName environment, Digest digest) {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(digest, "digest");
    return db.query(
        "read whether " + environment + " ran " + digest,
        "SELECT EXISTS (SELECT 1 FROM {s}.deployments WHERE environment = ? AND digest = ?"
            + " AND state IN ('SUCCESS', 'INACTIVE'))",
        Database.params(environment.value(), digest.toString()),
        Database.Result.single(rs -> rs.getBoolean(1)));
  }

  // ---- quarantines -----------------------------------------------------------------------------

  private static final String QUARANTINE =
      "WITH q AS (INSERT INTO {s}.quarantines (digest, reason, who, at, recorded_by)"
          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING"
          + " RETURNING digest, reason, who, at),"
          + " e AS (INSERT INTO {s}.events (kind, actor, digest, reason)"
          + " SELECT 'quarantined', who, digest, reason FROM q)"
          + " SELECT digest, reason, who, at FROM q";
  private static final String QUARANTINED =
      "SELECT digest, reason, who, at FROM {s}.quarantines WHERE digest = ?";
  private static final String RELEASE =
      "WITH q AS (DELETE FROM {s}.quarantines WHERE digest = ?"
          + " RETURNING digest, reason, who, at),"
          + " e AS (INSERT INTO {s}.events (kind, actor, digest, reason)"
          + " SELECT 'released', ?, digest, ? || ' (quarantined by ' || who || ': ' || reason || ')'"
          + " FROM q)"
          + " SELECT digest, reason, who, at FROM q";

  /**
   * {@inheritDoc}
   *
   * <p>One statement adds the row unless the digest has one ({@code ON CONFLICT DO NOTHING}) and,
   * if it did, a {@code quarantined} entry in the history naming the quarantine's who as the actor;
   * otherwise the standing row is read.
   */
  @Override
  public QuarantineRecord quarantine(QuarantineRecord quarantine) {
    Objects.requireNonNull(quarantine, "quarantine");
    String digest = quarantine.digest().toString();
    return db.transaction(
        "quarantine " + digest,
        firstWriterWins(
            QUARANTINE,
            Database.params(
                digest,
                quarantine.reason(),
                quarantine.who(),
                quarantine.at().atOffset(ZoneOffset.UTC),
                actor),
            QUARANTINED,
            Database.params(digest),
            PostgresDeploymentLedger::quarantineRecord));
  }

  /**
   * {@inheritDoc}
   *
   * <p>One statement deletes the row and adds a {@code released} entry in the history, naming the
   * release's who as the actor and both reasons.
   */
  @Override
  public Optional<QuarantineRecord> release(QuarantineRecord release) {
    Objects.requireNonNull(release, "release");
    String digest = release.digest().toString();
    String delete = db.sql(RELEASE);
    return db.transaction(
        "release " + digest,
        c ->
            Database.query(
                c,
                delete,
                Database.params(digest, release.who(), release.reason()),
                Database.Result.first(PostgresDeploymentLedger::quarantineRecord)));
  }

  @Override
  public Optional<QuarantineRecord> quarantined(Digest digest) {
    Objects.requireNonNull(digest, "digest");
    return db.query(
        "read the quarantine of " + digest,
        QUARANTINED,
        Database.params(digest.toString()),
        Database.Result.first(PostgresDeploymentLedger::quarantineRecord));
  }

  @Override
  public List<QuarantineRecord> quarantines() {
    return db.query(
        "read the quarantined digests",
        "SELECT digest, reason, who, at FROM {s}.quarantines ORDER BY at DESC, digest",
        Database.params(),
        Database.Result.all(PostgresDeploymentLedger::quarantineRecord));
  }

  private static QuarantineRecord quarantineRecord(ResultSet rs) throws SQLException {
    return new QuarantineRecord(
        Digest.parse(rs.getString(1)),
        rs.getString(2),
        rs.getString(3),
        PostgresLeaseStore.instant(rs, 4));
  }

  // ---- approvals -------------------------------------------------------------------------------

  private static final String APPROVAL_COLUMNS = "environment, digest, commit_sha, reviewer, at";
  private static final String RECORD_APPROVAL =
      "WITH a AS (INSERT INTO {s}.approvals ("
          + APPROVAL_COLUMNS
          + ", recorded_by) VALUES (?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (environment, digest, reviewer) DO NOTHING RETURNING "
          + APPROVAL_COLUMNS
          + ") SELECT "
          + APPROVAL_COLUMNS
          + " FROM a";
  private static final String APPROVAL =
      "SELECT "
          + APPROVAL_COLUMNS
          + " FROM {s}.approvals WHERE environment = ? AND digest = ? AND reviewer = ?";

  /**
   * {@inheritDoc}
   *
   * <p>{@code INSERT ... ON CONFLICT DO NOTHING} into table {@code approvals}, then the row that
   * stands is read. The history's {@code approved} entries come from {@link #historyListener()}.
   */
  @Override
  public ApprovalRecord recordApproval(ApprovalRecord approval) {
    Objects.requireNonNull(approval, "approval");
    return db.transaction(
        "record the approval of " + approval.digest() + " for " + approval.environment(),
        firstWriterWins(
            RECORD_APPROVAL,
            Database.params(
                approval.environment().value(),
                approval.digest().toString(),
                approval.commit().value(),
                approval.reviewer(),
                approval.at().atOffset(ZoneOffset.UTC),
                actor),
            APPROVAL,
            Database.params(
                approval.environment().value(), approval.digest().toString(), approval.reviewer()),
            PostgresDeploymentLedger::approvalRecord));
  }

  @Override
  public List<ApprovalRecord> approvals(EnvironmentName environment) {
    Objects.requireNonNull(environment, "environment");
    return db.query(
        "read the approvals for " + environment,
        "SELECT "
            + APPROVAL_COLUMNS
            + " FROM {s}.approvals WHERE environment = ? ORDER BY at DESC, id DESC",
        Database.params(environment.value()),
        Database.Result.all(PostgresDeploymentLedger::approvalRecord));
  }

  private static ApprovalRecord approvalRecord(ResultSet rs) throws SQLException {
    return new ApprovalRecord(
        EnvironmentName.parse(rs.getString(1)),
        Digest.parse(rs.getString(2)),
        CommitSha.parse(rs.getString(3)),
        rs.getString(4),
        PostgresLeaseStore.instant(rs, 5));
  }

  // ---- history ---------------------------------------------------------------------------------

  /**
   * Reads the history: deployments started, succeeded and failed, deactivations, builds, refused
   * writes, and what {@link #historyListener()} and {@link #recordEvent} added.
   *
   * @param query which entries
   * @return the entries, newest first
   */
  public List<LedgerEvent> history(HistoryQuery query) {
    return events.read(query);
  }

  /**
   * Adds an entry to the history: for what happens outside the ledger, such as a tag write or an
   * approval. {@link #historyListener()} calls it for a pipeline's events.
   *
   * @param kind what happened
   * @param environment the environment concerned, if any
   * @param target the deployment target concerned, if any; its environment is used when {@code
   *     environment} is empty
   * @param commit the commit concerned, if any
   * @param digest the digest concerned, if any
   * @param reason why, or what was done; may be empty
   */
  public void recordEvent(
      LedgerEvent.Kind kind,
      Optional<EnvironmentName> environment,
      Optional<DeploymentTarget> target,
      Optional<CommitSha> commit,
      Optional<Digest> digest,
      String reason) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
    Optional<EnvironmentName> env = environment.or(() -> target.map(DeploymentTarget::environment));
    // In a transaction: a failure before the commit is then known to have written nothing, and
    // the entry is written again rather than twice.
    db.transaction(
        "record a " + kind.wireName() + " event",
        c -> events.insert(c, kind, env, target, commit, digest, 0, 0, reason));
  }

  /**
   * A listener that adds a pipeline's tag writes, approvals, rejections and refusals to this
   * ledger's history (deploys and destroys are recorded by the ledger itself). Register it on the
   * pipeline; it never throws, logging a failed write instead.
   *
   * @return the listener
   */
  public PipelineListener historyListener() {
    return new HistoryListener(this);
  }

  /**
   * First writer wins: an {@code INSERT ... ON CONFLICT DO NOTHING RETURNING} whose row is the
   * result, or else, when another writer's row stands, that row, read in a statement that sees it
   * committed.
   *
   * @param insert the insert, naming the schema {@code {s}}
   * @param select the read of the row that stands, naming the schema {@code {s}}
   */
  private <T> Database.Work<T> firstWriterWins(
      String insert,
      Database.Binder insertParams,
      String select,
      Database.Binder selectParams,
      Database.Row<T> row) {
    String insertSql = db.sql(insert);
    String selectSql = db.sql(select);
    return c -> {
      Optional<T> mine = Database.query(c, insertSql, insertParams, Database.Result.first(row));
      return mine.isPresent()
          ? mine.get()
          : Database.query(c, selectSql, selectParams, Database.Result.single(row));
    };
  }

  // ---- the fenced write
  // --------------------------------------------------------------------------

  /** A write to a target, and what the history says of it if it is refused. */
  private record Attempt(
      DeploymentTarget target,
      Fence fence,
      Optional<CommitSha> commit,
      Optional<Digest> digest,
      long deployment) {}

  /** What the transaction did: the write's result, or why it was refused. */
  private record Outcome<T>(T result, String refusal) {}

  /**
   * Locks the target's row, checks the fence against its newest token and current deployment, and
   * makes the write or records the refusal, in one transaction.
   */
  private <T> T fenced(String what, Attempt attempt, Database.Work<T> write) {
    DeploymentTarget target = attempt.target();
    String lock = db.sql(LOCK_TARGET);
    String current = db.sql(CURRENT);
    Outcome<T> outcome =
        db.transaction(
            what,
            c -> {
              long newest =
                  Database.query(
                      c,
                      lock,
                      ps -> bindTarget(ps, 1, target),
                      Database.Result.single(rs -> rs.getLong(1)));
              // A statement after the lock: it sees what the lock's previous holder committed.
              Optional<DeploymentRecord> now =
                  Database.query(
                      c,
                      current,
                      Database.params(target.toString()),
                      Database.Result.first(PostgresDeploymentLedger::deployment));
              Optional<String> violation = attempt.fence().violation(newest, now);
              if (violation.isPresent()) {
                refused(c, what, attempt, violation.get());
                return new Outcome<T>(null, violation.get());
              }
              return new Outcome<>(write.run(c), "");
            });
    if (!outcome.refusal().isEmpty()) {
      throw new StaleWriteException(target.toString(), outcome.refusal());
    }
    return outcome.result();
  }

  private void refused(Connection c, String what, Attempt attempt, String violation)
      throws SQLException {
    DeploymentTarget target = attempt.target();
    events.insert(
        c,
        LedgerEvent.Kind.REFUSED,
        Optional.of(target.environment()),
        Optional.of(target),
        attempt.commit(),
        attempt.digest(),
        attempt.deployment(),
        attempt.fence().token(),
        "refused to " + what + ": " + violation);
  }

  private static int bindToken(PreparedStatement ps, int i, DeploymentTarget target, Fence fence)
      throws SQLException {
    ps.setLong(i, fence.token());
    ps.setString(i + 1, target.toString());
    ps.setLong(i + 2, fence.token());
    return i + 3;
  }

  private static int bindTarget(PreparedStatement ps, int i, DeploymentTarget target)
      throws SQLException {
    ps.setString(i, target.toString());
    ps.setString(i + 1, target.environment().value());
    ps.setString(i + 2, target.instance());
    return i + 3;
  }

  // ---- rows ------------------------------------------------------------------------------------

  private static DeploymentRecord deployment(ResultSet rs) throws SQLException {
    Map<String, String> variables = new LinkedHashMap<>();
    Json.parseObject(rs.getString(6)).forEach((k, v) -> variables.put(k, Json.text(v, "")));
    return new DeploymentRecord(
        Long.toString(rs.getLong(1)),
        new DeploymentTarget(EnvironmentName.parse(rs.getString(2)), rs.getString(3)),
        CommitSha.parse(rs.getString(4)),
        ImageReference.parse(rs.getString(5)),
        variables,
        DeploymentState.valueOf(rs.getString(7)),
        PostgresLeaseStore.instant(rs, 8),
        rs.getString(9));
  }

  private static long id(DeploymentRecord deployment) {
    try {
      return Long.parseLong(deployment.id());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "unknown deployment " + deployment.id() + ": not one of this ledger's ids", e);
    }
  }

  private static String defaultActor() {
    String host = System.getenv("HOSTNAME");
    return System.getProperty("user.name", "unknown")
        + "@"
        + (host == null || host.isBlank() ? "localhost" : host);
  }

  @Override
  public String toString() {
    return "PostgresDeploymentLedger[" + db + ", actor " + actor + "]";
  }
}
