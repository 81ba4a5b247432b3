package dev.baton.jdbc;

import dev.baton.ConfigurationException;
import dev.baton.internal.retry.BackoffStrategy;
import dev.baton.internal.retry.Waits;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the stores talk to PostgreSQL: a connection per call from the platform's {@link DataSource}
 * (a pool, usually), SQL naming the tables of one schema, a bounded retry of calls the server
 * aborted to resolve a conflict (serialization failure 40001, deadlock 40P01: the call was rolled
 * back, so running it again is safe), and every other {@link SQLException} turned into one of
 * Baton's errors by {@link SqlFailures}.
 *
 * <p>A connection that fails once obtained is usually one the pool kept open across a restart of
 * the server; the call is then made again on another connection, at most {@value
 * #STALE_CONNECTIONS} times, unless it failed while committing (its outcome is then unknown, and
 * the caller is told, retryably). The calls made without a transaction are each one statement that
 * may be repeated: reads, and writes that repeat to the same effect, except that a lease granted by
 * a statement whose answer was lost is reported as not granted, and lapses after its time to live.
 * A connection that cannot be obtained fails the call at once, retryably: the pool's own timeout
 * has already been waited.
 *
 * <p>Transactions run at the connection's isolation level, which Baton does not change: READ
 * COMMITTED, PostgreSQL's default, is what the stores are designed for (each write that needs a
 * consistent view first locks one row, and every later statement of the transaction sees what the
 * previous holder of that lock committed). At REPEATABLE READ or SERIALIZABLE a writer that lost
 * the race for that row gets a serialization failure instead, and is run again.
 */
final class Database {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** Attempts of a call the server aborted with a serialization failure or a deadlock. */
  static final int ATTEMPTS = 6;

  /**
   * How many times a call is made again on a new connection when the one it got was dead (a pool
   * hands out connections to a server that restarted since they were opened).
   */
  static final int STALE_CONNECTIONS = 2;

  private final DataSource dataSource;
  private final String schemaName;
  private final String schema;
  private final boolean needsTables;
  private final Waits waits;
  private final BackoffStrategy backoff;
  private volatile String endpoint;
  private volatile boolean tablesChecked;

  /**
   * A database whose schema may not exist yet: for migrations.
   *
   * @param dataSource where to connect
   * @param schema the schema's name
   */
  Database(DataSource dataSource, String schema) {
    this(dataSource, schema, false, Waits.SYSTEM);
  }

  /**
   * @param dataSource where to connect
   * @param schema the schema's name
   * @param needsTables whether the first call checks that the schema was migrated
   * @param waits how to wait between attempts
   */
  Database(DataSource dataSource, String schema, boolean needsTables, Waits waits) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.schema = PostgresSchema.quoted(schema);
    this.schemaName = schema;
    this.needsTables = needsTables;
    this.waits = Objects.requireNonNull(waits, "waits");
    this.backoff =
        BackoffStrategy.exponentialFullJitter(
            Duration.ofMillis(10), Duration.ofMillis(200), waits.random());
    this.endpoint = endpointOf(dataSource).orElse("");
  }

  /** Work on one connection. */
  @FunctionalInterface
  interface Work<T> {
    /**
     * @param c the connection
     * @return the result
     * @throws SQLException when a statement fails
     */
    T run(Connection c) throws SQLException;
  }

  /** Sets a statement's parameters. */
  @FunctionalInterface
  interface Binder {
    /**
     * @param ps the statement
     * @throws SQLException when a parameter cannot be set
     */
    void bind(PreparedStatement ps) throws SQLException;
  }

  /**
   * The binder of parameters that are all known: each is set by its Java type ({@code setObject}: a
   * {@code String} as text, a {@code Long} as {@code bigint}, an {@code OffsetDateTime} as {@code
   * timestamptz}). A parameter that may be NULL needs its SQL type, so it is bound by hand.
   *
   * @param values the parameters, in order; none null
   * @return a binder setting them
   */
  static Binder params(Object... values) {
    Object[] bound = values.clone();
    for (int i = 0; i < bound.length; i++) {
      Objects.requireNonNull(bound[i], "parameter " + (i + 1));
    }
    return ps -> {
      for (int i = 0; i < bound.length; i++) {
        ps.setObject(i + 1, bound[i]);
      }
    };
  }

  /** Reads one row. */
  @FunctionalInterface
  interface Row<T> {
    /**
     * @param rs a result set on the row
     * @return the row's value
     * @throws SQLException when a column cannot be read
     */
    T read(ResultSet rs) throws SQLException;
  }

  /** Reads a whole result. */
  @FunctionalInterface
  interface Result<T> {
    /**
     * @param rs the result set, before its first row
     * @return the result's value
     * @throws SQLException when a row cannot be read
     */
    T read(ResultSet rs) throws SQLException;

    /**
     * @param row how to read a row
     * @param <T> the row's value
     * @return the first row's value, or empty when there is none
     */
    static <T> Result<Optional<T>> first(Row<T> row) {
      return rs -> rs.next() ? Optional.of(row.read(rs)) : Optional.empty();
    }

    /**
     * @param row how to read a row
     * @param <T> the row's value
     * @return the first row's value; a result with no row is a bug of the statement
     */
    static <T> Result<T> single(Row<T> row) {
      return rs -> first(row).read(rs).orElseThrow(() -> new IllegalStateException("no row"));
    }

    /**
     * @param row how to read a row
     * @param <T> a row's value
     * @return every row's value, in order
     */
    static <T> Result<List<T>> all(Row<T> row) {
      return rs -> {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(row.read(rs));
        }
        return List.copyOf(out);
      };
    }
  }

  /**
   * Runs one query with auto-commit.
   *
   * @param what what the call does, for messages
   * @param sql the query, naming the schema {@code {s}}
   * @param bind sets its parameters
   * @param result reads its result
   * @param <T> the result's type
   * @return the result
   */
  <T> T query(String what, String sql, Binder bind, Result<T> result) {
    String statement = sql(sql);
    return call(what, c -> query(c, statement, bind, result));
  }

  /**
   * Runs one statement with auto-commit.
   *
   * @param what what the call does, for messages
   * @param sql the statement, naming the schema {@code {s}}
   * @param bind sets its parameters
   * @return how many rows it changed
   */
  int update(String what, String sql, Binder bind) {
    String statement = sql(sql);
    return call(what, c -> update(c, statement, bind));
  }

  /**
   * Runs one query on a connection.
   *
   * @param c the connection
   * @param sql the query, naming this schema
   * @param bind sets its parameters
   * @param result reads its result
   * @param <T> the result's type
   * @return the result
   * @throws SQLException when it fails
   */
  static <T> T query(Connection c, String sql, Binder bind, Result<T> result) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        return result.read(rs);
      }
    }
  }

  /**
   * Runs one statement on a connection.
   *
   * @param c the connection
   * @param sql the statement, naming this schema
   * @param bind sets its parameters
   * @return how many rows it changed
   * @throws SQLException when it fails
   */
  static int update(Connection c, String sql, Binder bind) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind.bind(ps);
      return ps.executeUpdate();
    }
  }

  /** {@return the schema's quoted name} */
  String schema() {
    return schema;
  }

  /** {@return the schema's name} */
  String schemaName() {
    return schemaName;
  }

  /**
   * @param template SQL naming the schema {@code {s}} (or {@code ${schema}} in a migration)
   * @return the SQL naming this schema
   */
  String sql(String template) {
    return template.replace("${schema}", schema).replace("{s}", schema);
  }

  /** {@return where the database is, for messages: host, port and database, never credentials} */
  String endpoint() {
    String e = endpoint;
    return e.isEmpty() ? "PostgreSQL" : "PostgreSQL at " + e;
  }

  /**
   * Runs statements with auto-commit: each is its own transaction.
   *
   * @param what what the call does, for messages ("take the lease on target/dev")
   * @param work the statements
   * @param <T> the result's type
   * @return the result
   */
  <T> T call(String what, Work<T> work) {
    return run(what, false, work, work);
  }

  /**
   * Runs statements with auto-commit, and other statements when they are run again after the
   * connection failed: for a call whose first statements may have taken effect although their
   * answer was lost, and whose repeat must recognise that.
   *
   * @param what what the call does, for messages
   * @param work the statements
   * @param again the statements of a repeat after a lost connection
   * @param <T> the result's type
   * @return the result
   */
  <T> T call(String what, Work<T> work, Work<T> again) {
    return run(what, false, work, again);
  }

  /**
   * Runs statements in one transaction, committed if the work returns, rolled back if it throws.
   *
   * @param what what the call does, for messages
   * @param work the statements
   * @param <T> the result's type
   * @return the result
   */
  <T> T transaction(String what, Work<T> work) {
    return run(what, true, work, work);
  }

  private <T> T run(String what, boolean transaction, Work<T> work, Work<T> again) {
    int conflicts = 0;
    int stale = 0;
    while (true) {
      Progress progress = new Progress();
      try {
        return once(transaction, stale > 0 ? again : work, progress);
      } catch (SQLException e) {
        if (SqlFailures.isConflict(e) && ++conflicts < ATTEMPTS) {
          Duration delay = backoff.delay(conflicts);
          LOG.debug("{}: {}; attempt {} in {}", what, e.getMessage(), conflicts + 1, delay);
          waits.sleeper().sleepOrCancel(delay, what + " on " + endpoint());
        } else if (progress.connected
            && !progress.committing
            && SqlFailures.isUnavailable(e)
            && ++stale <= STALE_CONNECTIONS) {
          LOG.debug("{}: the connection failed ({}); again on another", what, e.getMessage());
        } else if (progress.committing && SqlFailures.isUnavailable(e)) {
          throw SqlFailures.map(
              e,
              what + " (the connection failed while committing: it may have been made)",
              endpoint(),
              schemaName);
        } else {
          throw SqlFailures.map(e, what, endpoint(), schemaName);
        }
      }
    }
  }

  /** How far one attempt got: what a failure may have left behind. */
  private static final class Progress {
    /** A connection was obtained. */
    boolean connected;

    /** The commit was sent: a failure from here on leaves the outcome unknown. */
    boolean committing;
  }

  private <T> T once(boolean transaction, Work<T> work, Progress progress) throws SQLException {
    Connection c = dataSource.getConnection();
    progress.connected = true;
    T result;
    try {
      learnEndpoint(c);
      checkTables(c);
      result = transaction ? inTransaction(c, work, progress) : work.run(c);
    } catch (SQLException | RuntimeException e) {
      close(c, e);
      throw e;
    }
    close(c, null);
    return result;
  }

  private static <T> T inTransaction(Connection c, Work<T> work, Progress progress)
      throws SQLException {
    c.setAutoCommit(false);
    try {
      T result = work.run(c);
      progress.committing = true;
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      rollback(c, e);
      throw e;
    } finally {
      restoreAutoCommit(c);
    }
  }

  /** Closes (returns to the pool) a connection; a failure to do so does not undo the call. */
  private static void close(Connection c, Exception failure) {
    try {
      c.close();
    } catch (SQLException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      } else {
        LOG.debug("could not close a connection after its call", e);
      }
    }
  }

  /** The first call on a store checks the schema is migrated far enough for this module. */
  private void checkTables(Connection c) throws SQLException {
    if (!needsTables || tablesChecked) {
      return;
    }
    int version;
    try {
      version = PostgresSchema.versionIn(c, this);
    } catch (SQLException e) {
      if (SqlFailures.isMissingTable(e)) {
        throw unmigrated("has no Baton tables", e);
      }
      throw e;
    }
    if (version < PostgresSchema.CURRENT_VERSION) {
      throw unmigrated(
          "is at version " + version + ", this Baton needs " + PostgresSchema.CURRENT_VERSION,
          null);
    }
    tablesChecked = true;
  }

  /**
   * @param state what is wrong with the schema
   * @param cause the failure that showed it, or null
   * @return the error telling the operator to migrate
   */
  ConfigurationException unmigrated(String state, Throwable cause) {
    return new ConfigurationException(
        "schema " + schemaName + " of " + endpoint() + " " + state,
        "run `baton coordination init` (PostgresSchema.migrate) against this database, with a role"
            + " allowed to create tables, before using it",
        cause);
  }

  private static void rollback(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void restoreAutoCommit(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException e) {
      LOG.debug("could not restore auto-commit on a connection being closed", e);
    }
  }

  private void learnEndpoint(Connection c) {
    if (!endpoint.isEmpty()) {
      return;
    }
    try {
      endpoint = endpointOf(c.getMetaData().getURL());
    } catch (SQLException | RuntimeException e) {
      LOG.debug("could not read the connection's URL", e);
    }
  }

  /**
   * Reads where a data source connects from its URL getter, if it has one ({@code getUrl} of
   * PostgreSQL's data sources, {@code getJdbcUrl} of HikariCP's).
   */
  private static Optional<String> endpointOf(DataSource ds) {
    for (String getter : new String[] {"getUrl", "getJdbcUrl", "getURL"}) {
      try {
        Method m = ds.getClass().getMethod(getter);
        if (m.getReturnType() == String.class) {
          Object url = m.invoke(ds);
          if (url instanceof String s && !s.isBlank()) {
            return Optional.of(endpointOf(s));
          }
        }
      } catch (ReflectiveOperationException | RuntimeException notThere) {
        // try the next getter
      }
    }
    return Optional.empty();
  }

  /**
   * @param jdbcUrl a JDBC URL
   * @return its host, port and database: the URL without its scheme, any user information and its
   *     parameters (which may hold a password)
   */
  static String endpointOf(String jdbcUrl) {
    String s = jdbcUrl;
    int scheme = s.indexOf("//");
    if (scheme >= 0) {
      s = s.substring(scheme + 2);
    }
    int query = s.indexOf('?');
    if (query >= 0) {
      s = s.substring(0, query);
    }
    int user = s.lastIndexOf('@');
    if (user >= 0) {
      s = s.substring(user + 1);
    }
    return s;
  }

  @Override
  public String toString() {
    return endpoint() + ", schema " + schemaName;
  }
}
