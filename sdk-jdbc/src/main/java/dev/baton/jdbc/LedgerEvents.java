package dev.baton.jdbc;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.spi.Fence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Table {@code events}: the history a {@link PostgresDeploymentLedger} keeps, every entry written
 * with the ledger's actor. The ledger adds an entry in the transaction of the write it records,
 * either as part of the write's own statement ({@link #insertFrom}) or as a statement of its own
 * ({@link #insert}); {@link #read} lists them, newest first.
 */
final class LedgerEvents {
  private static final String COLUMNS =
      "id, at, kind, environment, target, actor, commit_sha, digest, deployment_id, token, reason";

  /** What an entry is written with; its id and time are the database's. */
  private static final String WRITTEN =
      "kind, environment, target, actor, commit_sha, digest, deployment_id, token, reason";

  private static final String INSERT =
      "INSERT INTO {s}.events (" + WRITTEN + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String READ =
      "SELECT "
          + COLUMNS
          + " FROM {s}.events WHERE (?::text IS NULL OR environment = ?)"
          + " AND (?::text IS NULL OR target = ?)"
          + " AND (?::timestamptz IS NULL OR at >= ?)"
          + " ORDER BY id DESC LIMIT ?";

  private final Database db;
  private final String actor;

  LedgerEvents(Database db, String actor) {
    this.db = db;
    this.actor = actor;
  }

  /**
   * An entry for each row of {@code from} (a deployment's columns), as the common table expression
   * {@code e} of a write's statement; {@link #bindFrom} sets its five parameters.
   *
   * @param kind the entries' kind, as {@link LedgerEvent.Kind#wireName()}
   * @param from the common table expression the deployments come from
   * @return the expression, naming the schema {@code {s}}
   */
  static String insertFrom(String kind, String from) {
    return " e AS (INSERT INTO {s}.events ("
        + WRITTEN
        + ") SELECT '"
        + kind
        + "', ?, ?, ?, commit_sha, digest, id, ?, ? FROM "
        + from
        + ")";
  }

  /** Sets the parameters of {@link #insertFrom} from index {@code i}. */
  void bindFrom(PreparedStatement ps, int i, DeploymentTarget target, Fence fence, String reason)
      throws SQLException {
    ps.setString(i, target.environment().value());
    ps.setString(i + 1, target.toString());
    ps.setString(i + 2, actor);
    ps.setLong(i + 3, fence.token());
    ps.setString(i + 4, reason);
  }

  /**
   * Adds one entry on the connection, in its transaction.
   *
   * @param deployment the deployment concerned; 0 for none
   * @param token the fencing token of the write; 0 for none
   * @return how many entries were added
   */
  int insert(
      Connection c,
      LedgerEvent.Kind kind,
      Optional<EnvironmentName> environment,
      Optional<DeploymentTarget> target,
      Optional<CommitSha> commit,
      Optional<Digest> digest,
      long deployment,
      long token,
      String reason)
      throws SQLException {
    return Database.update(
        c,
        db.sql(INSERT),
        ps -> {
          ps.setString(1, kind.wireName());
          ps.setString(2, environment.map(EnvironmentName::value).orElse(null));
          ps.setString(3, target.map(DeploymentTarget::toString).orElse(null));
          ps.setString(4, actor);
          ps.setString(5, commit.map(CommitSha::value).orElse(null));
          ps.setString(6, digest.map(Digest::toString).orElse(null));
          if (deployment > 0) {
            ps.setLong(7, deployment);
          } else {
            ps.setNull(7, Types.BIGINT);
          }
          ps.setLong(8, token);
          ps.setString(9, reason);
        });
  }

  /**
   * @param query which entries
   * @return the entries, newest first
   */
  List<LedgerEvent> read(HistoryQuery query) {
    Objects.requireNonNull(query, "query");
    String env = query.environment().map(EnvironmentName::value).orElse(null);
    String target = query.target().map(DeploymentTarget::toString).orElse(null);
    OffsetDateTime since = query.since().map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null);
    return db.query(
        "read the history",
        READ,
        ps -> {
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
        },
        Database.Result.all(LedgerEvents::event));
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
}
