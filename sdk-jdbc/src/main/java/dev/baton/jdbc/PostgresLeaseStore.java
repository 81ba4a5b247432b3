package dev.baton.jdbc;

import dev.baton.CommitSha;
import dev.baton.LeaseLostException;
import dev.baton.internal.Durations;
import dev.baton.internal.retry.Waits;
import dev.baton.spi.Lease;
import dev.baton.spi.LeaseKey;
import dev.baton.spi.LeaseStore;
import dev.baton.spi.LeaseWaiter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link LeaseStore} in PostgreSQL: a row per key in table {@code leases} (its holder, its expiry
 * and the newest fencing token granted) and a row per waiter in {@code lease_waiters}, in a schema
 * made by {@link PostgresSchema#migrate(DataSource, String)}.
 *
 * <p><b>Lease rows, not advisory locks.</b> PostgreSQL's advisory locks belong to a session: one is
 * held only as long as the connection that took it stays open and is not handed to anyone else.
 * That fits neither a connection pool (the connection goes back to the pool between calls, and a
 * lock left on it is held for whoever borrows it next) nor a lease that must outlive a single call
 * and be renewed from another thread, and an advisory lock has no fencing token: a holder that was
 * paused while its session died cannot be told apart from the next holder when it writes again. A
 * row holds the lease independently of any connection, its expiry frees it when the holder
 * vanishes, and its counter gives every grant a token greater than all earlier ones.
 *
 * <p><b>One statement per step.</b> Every method is a single SQL statement (the queue refresh is
 * one statement with common table expressions), so each is atomic on its own. A grant is {@code
 * INSERT ... ON CONFLICT DO UPDATE ... WHERE} the row is free or expired: concurrent takers of one
 * key queue on the row's lock, and each re-checks the condition on the row as the previous one left
 * it, so exactly one wins. Expiry is judged by the database's clock ({@code clock_timestamp()}),
 * never this JVM's, so the machines taking part need not agree on the time.
 *
 * <p>Safe for concurrent use. Connections come from the {@link DataSource} per call and are closed
 * (returned to the pool) before the method returns.
 */
public final class PostgresLeaseStore implements LeaseStore {
  private static final String MICROS = " + ? * interval '1 microsecond'";
  private static final Duration LONGEST = Duration.ofDays(36_500);

  /**
   * Takes a free or lapsed key. The expiry of a takeover is counted from a time read after the
   * lapse check (the SET runs after the WHERE; the VALUES before both), so a new lease never starts
   * before the lapsed one ended.
   */
  private static final String ACQUIRE =
      "INSERT INTO {s}.leases AS l (lease_key, owner, token, expires_at)"
          + " VALUES (?, ?, 1, clock_timestamp()"
          + MICROS
          + ") ON CONFLICT (lease_key) DO UPDATE"
          + " SET owner = excluded.owner, token = l.token + 1, expires_at = clock_timestamp()"
          + MICROS
          + " WHERE l.owner IS NULL OR l.expires_at <= clock_timestamp()"
          + " RETURNING token, expires_at";

  private static final String RENEW =
      "UPDATE {s}.leases SET expires_at = clock_timestamp()"
          + MICROS
          + " WHERE lease_key = ? AND owner = ? AND token = ? RETURNING expires_at";
  private static final String RELEASE =
      "UPDATE {s}.leases SET owner = NULL, expires_at = NULL"
          + " WHERE lease_key = ? AND token = ? AND owner IS NOT NULL";
  private static final String HOLDER =
      "SELECT owner, token, expires_at FROM {s}.leases"
          + " WHERE lease_key = ? AND owner IS NOT NULL AND expires_at > clock_timestamp()";
  private static final String JOIN =
      "WITH t AS (INSERT INTO {s}.leases AS l (lease_key, last_ticket) VALUES (?, 1)"
          + " ON CONFLICT (lease_key) DO UPDATE SET last_ticket = l.last_ticket + 1"
          + " RETURNING last_ticket)"
          + " INSERT INTO {s}.lease_waiters AS w (lease_key, owner, commit_sha, ticket,"
          + " expires_at) SELECT ?, ?, ?, t.last_ticket, clock_timestamp()"
          + MICROS
          + " FROM t ON CONFLICT (lease_key, owner) DO UPDATE SET commit_sha ="
          + " excluded.commit_sha, ticket = excluded.ticket, expires_at = excluded.expires_at"
          + " RETURNING ticket, expires_at";

  /**
   * Refreshes (or adds again) one waiter, drops the key's lapsed waiters and lists the live ones.
   * The refreshed entry comes from the upsert's RETURNING: the statement's other parts read the
   * table as it was before the statement, so they list the other waiters only.
   */
  private static final String QUEUE =
      "WITH me AS (INSERT INTO {s}.lease_waiters AS w (lease_key, owner, commit_sha, ticket,"
          + " expires_at) VALUES (?, ?, ?, ?, clock_timestamp()"
          + MICROS
          + ") ON CONFLICT (lease_key, owner) DO UPDATE SET expires_at = excluded.expires_at"
          + " RETURNING owner, commit_sha, ticket, expires_at),"
          + " lapsed AS (DELETE FROM {s}.lease_waiters WHERE lease_key = ? AND owner <> ?"
          + " AND expires_at <= clock_timestamp())"
          + " SELECT owner, commit_sha, ticket, expires_at FROM me UNION ALL"
          + " SELECT owner, commit_sha, ticket, expires_at FROM {s}.lease_waiters"
          + " WHERE lease_key = ? AND owner <> ? AND expires_at > clock_timestamp()"
          + " ORDER BY ticket";

  private static final String LEAVE =
      "DELETE FROM {s}.lease_waiters WHERE lease_key = ? AND owner = ?";

  private final Database db;

  /**
   * A store on schema {@value PostgresSchema#DEFAULT_SCHEMA}.
   *
   * @param dataSource the database, migrated by {@link PostgresSchema#migrate(DataSource)}
   */
  public PostgresLeaseStore(DataSource dataSource) {
    this(dataSource, PostgresSchema.DEFAULT_SCHEMA);
  }

  /**
   * @param dataSource the database
   * @param schema the schema holding the tables, migrated by {@link
   *     PostgresSchema#migrate(DataSource, String)}
   */
  public PostgresLeaseStore(DataSource dataSource, String schema) {
    this.db = new Database(dataSource, schema, true, Waits.SYSTEM);
  }

  @Override
  public Optional<Lease> tryAcquire(LeaseKey key, String owner, Duration ttl) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(owner, "owner");
    long micros = micros(ttl);
    String acquire = db.sql(ACQUIRE);
    String mine = db.sql(HOLDER + " AND owner = ?");
    Database.Work<Optional<Lease>> grant =
        c ->
            Database.query(
                c,
                acquire,
                Database.params(key.value(), owner, micros, micros),
                Database.Result.first(rs -> new Lease(key, owner, rs.getLong(1), instant(rs, 2))));
    // Made again after the connection failed, the grant may already be this owner's: its answer
    // was lost. Owners are unique per acquisition, so the lease is returned, not left to lapse.
    Database.Work<Optional<Lease>> again =
        c -> {
          Optional<Lease> granted =
              Database.query(
                  c,
                  mine,
                  Database.params(key.value(), owner),
                  Database.Result.first(heldLease(key)));
          return granted.isPresent() ? granted : grant.run(c);
        };
    return db.call("take the lease on " + key, grant, again);
  }

  @Override
  public Lease renew(Lease lease, Duration ttl) {
    long micros = micros(ttl);
    Optional<Instant> renewed =
        db.query(
            "renew the lease on " + lease.key(),
            RENEW,
            Database.params(micros, lease.key().value(), lease.owner(), lease.token()),
            Database.Result.first(rs -> instant(rs, 1)));
    return new Lease(
        lease.key(),
        lease.owner(),
        lease.token(),
        renewed.orElseThrow(() -> new LeaseLostException(lease)));
  }

  @Override
  public void release(Lease lease) {
    db.update(
        "release the lease on " + lease.key(),
        RELEASE,
        Database.params(lease.key().value(), lease.token()));
  }

  @Override
  public Optional<Lease> holder(LeaseKey key) {
    Objects.requireNonNull(key, "key");
    return db.query(
        "read the holder of " + key,
        HOLDER,
        Database.params(key.value()),
        Database.Result.first(heldLease(key)));
  }

  /** A row of {@link #HOLDER}: the owner, token and expiry of the lease on the key. */
  private static Database.Row<Lease> heldLease(LeaseKey key) {
    return rs -> new Lease(key, rs.getString(1), rs.getLong(2), instant(rs, 3));
  }

  @Override
  public LeaseWaiter join(LeaseKey key, String owner, Optional<CommitSha> commit, Duration ttl) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(commit, "commit");
    long micros = micros(ttl);
    return db.query(
        "join the queue for " + key,
        JOIN,
        ps -> {
          ps.setString(1, key.value());
          ps.setString(2, key.value());
          ps.setString(3, owner);
          ps.setString(4, commit.map(CommitSha::value).orElse(null));
          ps.setLong(5, micros);
        },
        Database.Result.single(
            rs -> new LeaseWaiter(key, owner, commit, rs.getLong(1), instant(rs, 2))));
  }

  @Override
  public List<LeaseWaiter> queue(LeaseWaiter waiter, Duration ttl) {
    long micros = micros(ttl);
    LeaseKey key = waiter.key();
    return db.query(
        "read the queue for " + key,
        QUEUE,
        ps -> {
          ps.setString(1, key.value());
          ps.setString(2, waiter.owner());
          ps.setString(3, waiter.commit().map(CommitSha::value).orElse(null));
          ps.setLong(4, waiter.ticket());
          ps.setLong(5, micros);
          ps.setString(6, key.value());
          ps.setString(7, waiter.owner());
          ps.setString(8, key.value());
          ps.setString(9, waiter.owner());
        },
        Database.Result.all(
            rs ->
                new LeaseWaiter(
                    key,
                    rs.getString(1),
                    Optional.ofNullable(rs.getString(2)).map(CommitSha::parse),
                    rs.getLong(3),
                    instant(rs, 4))));
  }

  @Override
  public void leave(LeaseWaiter waiter) {
    db.update(
        "leave the queue for " + waiter.key(),
        LEAVE,
        Database.params(waiter.key().value(), waiter.owner()));
  }

  /** A time to live in microseconds, PostgreSQL's resolution, capped at a hundred years. */
  private static long micros(Duration ttl) {
    Durations.positive(ttl, "ttl");
    Duration capped = ttl.compareTo(LONGEST) > 0 ? LONGEST : ttl;
    return Math.max(1, capped.toNanos() / 1000);
  }

  /**
   * @param rs a row
   * @param column a {@code timestamptz} column
   * @return its instant
   * @throws SQLException when it cannot be read
   */
  static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  @Override
  public String toString() {
    return "PostgresLeaseStore[" + db + "]";
  }
}
