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
import dev.baton.spi.BuildRecord;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Fence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
 * <p>{@link #recordBuild} is first-writer-wins: {@code INSERT ... ON CONFLICT DO NOTHING}, then the
 * row that stands is read. Times are the database's ({@code clock_timestamp()}). Safe for
 * concurrent use.
 */
public final class PostgresDeploymentLedger implements DeploymentLedger {
  private static final String COLUMNS =
      "id, environment, instance, commit_sha, image, variables::text, state, updated_at, url";
  private static final String EVENT_COLUMNS =
      "id, at, kind, environment, target, actor, commit_sha, digest, deployment_id, token, reason";

  private final Database db;
  private final String actor;

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
  }

  /** {@return who writes, as the history names them} */
  public String actor() {
    return actor;
  }

  // ---- builds ----------------------------------------------------------------------------------

  @Override
  public BuildRecord recordBuild(CommitSha commit, ImageReference image) {
    Objects.requireNonNull(commit, "commit");
    Digest digest = pinned(image);
    return db.call(
        "record the build of " + commit,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  db.sql(
                      "WITH b AS (INSERT INTO {s}.builds (commit_sha, image, digest, recorded_by)"
                          + " VALUES (?, ?, ?, ?) ON CONFLICT (commit_sha) DO NOTHING"
                          + " RETURNING commit_sha, image, digest, recorded_at),"
                          + " e AS (INSERT INTO {s}.events (kind, actor, commit_sha, digest,"
                          + " reason) SELECT 'build-recorded', ?, commit_sha, digest, image"
                          + " FROM b)"
                          + " SELECT image, recorded_at FROM b"))) {
            ps.setString(1, commit.value());
            ps.setString(2, image.toString());
            ps.setString(3, digest.toString());
            ps.setString(4, actor);
            ps.setString(5, actor);
            Optional<BuildRecord> mine = build(ps, commit);
            return mine.isPresent() ? mine.get() : buildIn(c, commit).orElseThrow();
          }
        });
  }

  @Override
  public Optional<BuildRecord> build(CommitSha commit) {
    Objects.requireNonNull(commit, "commit");
    return db.call("read the build of " + commit, c -> buildIn(c, commit));
  }

  private Optional<BuildRecord> buildIn(Connection c, CommitSha commit) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            db.sql("SELECT image, recorded_at FROM {s}.builds WHERE commit_sha = ?"))) {
      ps.setString(1, commit.value());
      return build(ps, commit);
    }
  }

  private static Optional<BuildRecord> build(PreparedStatement ps, CommitSha commit)
      throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next()
          ? Optional.of(
              new BuildRecord(
                  commit, ImageReference.parse(rs.getString(1)), PostgresLeaseStore.instant(rs, 2)))
          : Optional.empty();
    }
  }

  // ---- deployments -----------------------------------------------------------------------------

  @Override
  public DeploymentRecord begin(
      DeploymentTarget target,
      CommitSha commit,
      ImageReference image,
      Map<String, String> variables,
      Fence fence) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(commit, "commit");
    Digest digest = pinned(image);
    String vars = Json.write(new LinkedHashMap<>(Map.copyOf(variables)));
    Attempt attempt = new Attempt(target, fence, Optional.of(commit), Optional.of(digest), 0);
    return fenced(
        "record the start of a deployment to " + target,
        attempt,
        (c, current) -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  db.sql(
                      "WITH d AS (INSERT INTO {s}.deployments (target, environment, instance,"
                          + " commit_sha, image, digest, variables, state, token, created_by)"
                          + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, 'IN_PROGRESS', ?, ?)"
                          + " RETURNING *),"
                          + TOKEN
                          + ", "
                          + event("deploy-started", "d")
                          + " SELECT "
                          + COLUMNS
                          + " FROM d"))) {
            int i = bindTarget(ps, 1, target);
            ps.setString(i++, commit.value());
            ps.setString(i++, image.toString());
            ps.setString(i++, digest.toString());
            ps.setString(i++, vars);
            ps.setLong(i++, fence.token());
            ps.setString(i++, actor);
            i = bindToken(ps, i, target, fence);
            bindEvent(ps, i, target, fence, fence == Fence.none() ? "" : fence.toString());
            return single(ps);
          }
        });
  }

  @Override
  public DeploymentRecord finish(
      DeploymentRecord deployment, DeploymentState state, String url, Fence fence) {
    if (state != DeploymentState.SUCCESS && state != DeploymentState.FAILURE) {
      throw new IllegalArgumentException(
          "a deployment finishes as SUCCESS or FAILURE, not " + state);
    }
    Objects.requireNonNull(url, "url");
    long id = id(deployment);
    DeploymentTarget target = deployment.target();
    boolean success = state == DeploymentState.SUCCESS;
    Attempt attempt =
        new Attempt(
            target,
            success ? fence : Fence.none(),
            Optional.of(deployment.commit()),
            Optional.of(deployment.digest()),
            id);
    return fenced(
        "record the "
            + (success ? "success" : "failure")
            + " of deployment "
            + id
            + " to "
            + target,
        attempt,
        (c, current) -> {
          if (success) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    db.sql(
                        "UPDATE {s}.deployments SET state = 'INACTIVE', updated_at ="
                            + " clock_timestamp() WHERE target = ? AND state = 'SUCCESS'"
                            + " AND id <> ?"))) {
              ps.setString(1, target.toString());
              ps.setLong(2, id);
              ps.executeUpdate();
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  db.sql(
                      "WITH d AS (UPDATE {s}.deployments SET state = ?, updated_at ="
                          + " clock_timestamp(), url = CASE WHEN ? = '' THEN url ELSE ? END"
                          + " WHERE id = ? AND target = ? RETURNING *),"
                          + TOKEN
                          + ", "
                          + event(success ? "deploy-succeeded" : "deploy-failed", "d")
                          + " SELECT "
                          + COLUMNS
                          + " FROM d"))) {
            int i = 1;
            ps.setString(i++, state.name());
            ps.setString(i++, url);
            ps.setString(i++, url);
            ps.setLong(i++, id);
            ps.setString(i++, target.toString());
            i = bindToken(ps, i, target, attempt.fence());
            bindEvent(ps, i, target, attempt.fence(), url);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new IllegalArgumentException(
                    "unknown deployment " + deployment.id() + " to " + target);
              }
              return deployment(rs);
            }
          }
        });
  }

  @Override
  public void deactivate(DeploymentTarget target, Fence fence) {
    Objects.requireNonNull(target, "target");
    Attempt attempt = new Attempt(target, fence, Optional.empty(), Optional.empty(), 0);
    fenced(
        "deactivate the deployments of " + target,
        attempt,
        (c, current) -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  db.sql(
                      "WITH d AS (UPDATE {s}.deployments SET state = 'INACTIVE', updated_at ="
                          + " clock_timestamp() WHERE target = ? AND state = 'SUCCESS'"
                          + " RETURNING *),"
                          + " one AS (SELECT d.* FROM (SELECT 1) x LEFT JOIN d ON true),"
                          + TOKEN
                          + ", "
                          + event("deactivated", "one")
                          + " SELECT count(*) FROM d"))) {
            ps.setString(1, target.toString());
            int i = bindToken(ps, 2, target, fence);
            bindEvent(ps, i, target, fence, "destroyed");
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }

  @Override
  public List<DeploymentRecord> history(EnvironmentName environment) {
    Objects.requireNonNull(environment, "environment");
    return db.call(
        "read the deployments of " + environment,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  db.sql(
                      "SELECT "
                          + COLUMNS
                          + " FROM {s}.deployments WHERE environment = ? ORDER BY id DESC"))) {
            ps.setString(1, environment.value());
            List<DeploymentRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(deployment(rs));
              }
            }
            return List.copyOf(out);
          }
        });
  }

  @Override
  public Optional<DeploymentRecord> current(DeploymentTarget target) {
    Objects.requireNonNull(target, "target");
    return db.call("read the current deployment of " + target, c -> currentIn(c, target));
  }

  @Override
  public boolean hasSucceeded(EnvironmentName environment, Digest digest) {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(digest, "digest");
    return db.call(
        "read whether " + environment + " ran " + digest,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  db.sql(
                      "SELECT EXISTS (SELECT 1 FROM {s}.deployments WHERE environment = ?"
                          + " AND digest = ? AND state IN ('SUCCESS', 'INACTIVE'))"))) {
            ps.setString(1, environment.value());
            ps.setString(2, digest.toString());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getBoolean(1);
            }
          }
        });
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
    Objects.requireNonNull(query, "query");
    return db.call(
        "read the history",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  db.sql(
                      "SELECT "
                          + EVENT_COLUMNS
                          + " FROM {s}.events WHERE (?::text IS NULL OR environment = ?)"
                          + " AND (?::text IS NULL OR target = ?)"
                          + " AND (?::timestamptz IS NULL OR at >= ?)"
                          + " ORDER BY id DESC LIMIT ?"))) {
            String env = query.environment().map(EnvironmentName::value).orElse(null);
            String target = query.target().map(DeploymentTarget::toString).orElse(null);
            OffsetDateTime since = query.since().map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null);
            ps.setString(1, env);
            ps.setString(2, env);
            ps.setString(3, target);
            ps.setString(4, target);
            for (int i = 5; i <= 6; i++) {
              if (since == null) {
                ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
              } else {
                ps.setObject(i, since);
              }
            }
            ps.setInt(7, query.limit());
            List<LedgerEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(event(rs));
              }
            }
            return List.copyOf(out);
          }
        });
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
    db.transaction(
        "record a " + kind.wireName() + " event",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  db.sql(
                      "INSERT INTO {s}.events (kind, environment, target, actor, commit_sha,"
                          + " digest, reason) VALUES (?, ?, ?, ?, ?, ?, ?)"))) {
            ps.setString(1, kind.wireName());
            ps.setString(2, env.map(EnvironmentName::value).orElse(null));
            ps.setString(3, target.map(DeploymentTarget::toString).orElse(null));
            ps.setString(4, actor);
            ps.setString(5, commit.map(CommitSha::value).orElse(null));
            ps.setString(6, digest.map(Digest::toString).orElse(null));
            ps.setString(7, reason);
            return ps.executeUpdate();
          }
        });
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

  // ---- the fenced write
  // --------------------------------------------------------------------------

  /** A write to a target, and what the history says of it if it is refused. */
  private record Attempt(
      DeploymentTarget target,
      Fence fence,
      Optional<CommitSha> commit,
      Optional<Digest> digest,
      long deployment) {}

  /** The write made once the fence holds, given the target's current deployment. */
  @FunctionalInterface
  private interface FencedWrite<T> {
    T write(Connection c, Optional<DeploymentRecord> current) throws SQLException;
  }

  /** What the transaction did: the write's result, or why it was refused. */
  private record Outcome<T>(T result, String refusal) {}

  /**
   * Locks the target's row, checks the fence against its newest token and current deployment, and
   * makes the write or records the refusal, in one transaction.
   */
  private <T> T fenced(String what, Attempt attempt, FencedWrite<T> write) {
    DeploymentTarget target = attempt.target();
    Outcome<T> outcome =
        db.transaction(
            what,
            c -> {
              long newest = lockTarget(c, target);
              Optional<DeploymentRecord> current = currentIn(c, target);
              Optional<String> violation = attempt.fence().violation(newest, current);
              if (violation.isPresent()) {
                refused(c, what, attempt, violation.get());
                return new Outcome<T>(null, violation.get());
              }
              return new Outcome<>(write.write(c, current), "");
            });
    if (!outcome.refusal().isEmpty()) {
      throw new StaleWriteException(target.toString(), outcome.refusal());
    }
    return outcome.result();
  }

  /** Creates the target's row if needed and locks it; returns its newest token. */
  private long lockTarget(Connection c, DeploymentTarget target) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            db.sql(
                "INSERT INTO {s}.targets AS t (target, environment, instance) VALUES (?, ?, ?)"
                    + " ON CONFLICT (target) DO UPDATE SET newest_token = t.newest_token"
                    + " RETURNING newest_token"))) {
      bindTarget(ps, 1, target);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private Optional<DeploymentRecord> currentIn(Connection c, DeploymentTarget target)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            db.sql(
                "SELECT "
                    + COLUMNS
                    + " FROM {s}.deployments WHERE target = ? AND state = 'SUCCESS'"))) {
      ps.setString(1, target.toString());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(deployment(rs)) : Optional.empty();
      }
    }
  }

  private void refused(Connection c, String what, Attempt attempt, String violation)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            db.sql(
                "INSERT INTO {s}.events (kind, environment, target, actor, commit_sha, digest,"
                    + " deployment_id, token, reason)"
                    + " VALUES ('refused', ?, ?, ?, ?, ?, ?, ?, ?)"))) {
      DeploymentTarget target = attempt.target();
      ps.setString(1, target.environment().value());
      ps.setString(2, target.toString());
      ps.setString(3, actor);
      ps.setString(4, attempt.commit().map(CommitSha::value).orElse(null));
      ps.setString(5, attempt.digest().map(Digest::toString).orElse(null));
      if (attempt.deployment() > 0) {
        ps.setLong(6, attempt.deployment());
      } else {
        ps.setNull(6, Types.BIGINT);
      }
      ps.setLong(7, attempt.fence().token());
      ps.setString(8, "refused to " + what + ": " + violation);
      ps.executeUpdate();
    }
  }

  /** Raises the target's newest token to the writer's; part of every fenced write. */
  private static final String TOKEN =
      " tok AS (UPDATE {s}.targets SET newest_token = ? WHERE target = ? AND newest_token < ?)";

  private static int bindToken(PreparedStatement ps, int i, DeploymentTarget target, Fence fence)
      throws SQLException {
    ps.setLong(i, fence.token());
    ps.setString(i + 1, target.toString());
    ps.setLong(i + 2, fence.token());
    return i + 3;
  }

  /** An entry in {@code events} for each row of {@code from}, a deployment's columns. */
  private static String event(String kind, String from) {
    return " e AS (INSERT INTO {s}.events (kind, environment, target, actor, commit_sha, digest,"
        + " deployment_id, token, reason) SELECT '"
        + kind
        + "', ?, ?, ?, commit_sha, digest, id, ?, ? FROM "
        + from
        + ")";
  }

  private void bindEvent(
      PreparedStatement ps, int i, DeploymentTarget target, Fence fence, String reason)
      throws SQLException {
    ps.setString(i, target.environment().value());
    ps.setString(i + 1, target.toString());
    ps.setString(i + 2, actor);
    ps.setLong(i + 3, fence.token());
    ps.setString(i + 4, reason);
  }

  private static int bindTarget(PreparedStatement ps, int i, DeploymentTarget target)
      throws SQLException {
    ps.setString(i, target.toString());
    ps.setString(i + 1, target.environment().value());
    ps.setString(i + 2, target.instance());
    return i + 3;
  }

  // ---- rows ------------------------------------------------------------------------------------

  private static DeploymentRecord single(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return deployment(rs);
    }
  }

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

  private static LedgerEvent event(ResultSet rs) throws SQLException {
    long deployment = rs.getLong(9);
    boolean hasDeployment = !rs.wasNull();
    String target = rs.getString(5);
    Optional<EnvironmentName> environment =
        Optional.ofNullable(rs.getString(4)).map(EnvironmentName::parse);
    return new LedgerEvent(
        rs.getLong(1),
        PostgresLeaseStore.instant(rs, 2),
        LedgerEvent.Kind.ofWireName(rs.getString(3)),
        environment,
        Optional.ofNullable(target).map(t -> target(t, environment.orElseThrow())),
        rs.getString(6),
        Optional.ofNullable(rs.getString(7)).map(CommitSha::parse),
        Optional.ofNullable(rs.getString(8)).map(Digest::parse),
        hasDeployment ? Optional.of(Long.toString(deployment)) : Optional.empty(),
        rs.getLong(10),
        rs.getString(11));
  }

  /** A target from its text, {@code dev} or {@code preview#42}. */
  private static DeploymentTarget target(String text, EnvironmentName environment) {
    int hash = text.indexOf('#');
    return new DeploymentTarget(environment, hash < 0 ? "" : text.substring(hash + 1));
  }

  private static long id(DeploymentRecord deployment) {
    try {
      return Long.parseLong(deployment.id());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "unknown deployment " + deployment.id() + ": not one of this ledger's ids", e);
    }
  }

  private static Digest pinned(ImageReference image) {
    Objects.requireNonNull(image, "image");
    return image
        .digest()
        .orElseThrow(() -> new IllegalArgumentException("image " + image + " is not pinned"));
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
