package dev.baton.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.baton.testkit.servers.PostgresServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server for one test class, with a connection pool on its database, and fresh schemas
 * for tests that need empty tables. A class registers it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final TestDatabase db = new TestDatabase();
 * }</pre>
 *
 * <p>It starts the server before the class's first test (or skips the class when PostgreSQL is not
 * installed) and stops it after the last.
 *
 * <p>The pool waits up to {@link #CONNECTION_WAIT} for a connection: the server is local and always
 * up, so a call only waits when the machine is loaded, and no test is about that wait. A test that
 * stops the server and wants its calls to fail quickly asks for a short wait with {@link
 * #failingFastWhenDown()}.
 */
final class TestDatabase implements BeforeAllCallback, AfterAllCallback {
  /** Hikari's own default: long enough for a loaded two-core machine to open a connection. */
  static final Duration CONNECTION_WAIT = Duration.ofSeconds(30);

  /** The short wait of {@link #failingFastWhenDown()}. */
  static final Duration SHORT_CONNECTION_WAIT = Duration.ofSeconds(1);

  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  private final Duration connectionWait;
  private PostgresServer server;
  private HikariDataSource pool;

  /** A database whose pool waits up to {@link #CONNECTION_WAIT} for a connection. */
  TestDatabase() {
    this(CONNECTION_WAIT);
  }

  private TestDatabase(Duration connectionWait) {
    this.connectionWait = connectionWait;
  }

  /**
   * {@return a database whose pool waits only {@link #SHORT_CONNECTION_WAIT} for a connection, so
   * that calls made while the server is stopped fail in a second rather than in thirty}
   */
  static TestDatabase failingFastWhenDown() {
    return new TestDatabase(SHORT_CONNECTION_WAIT);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    assumeTrue(
        PostgresServer.available(),
        "PostgreSQL's server binaries are not installed (Debian package postgresql)");
    server = PostgresServer.start();
    pool = pool(server.jdbcUrl(), 16, connectionWait);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (pool != null) {
        pool.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  /**
   * @param jdbcUrl a database
   * @param size the most connections
   * @param timeout how long the pool waits for a connection before failing the call
   * @return the pool
   */
  static HikariDataSource pool(String jdbcUrl, int size, Duration timeout) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(PostgresServer.USER);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(timeout.toMillis());
    config.setValidationTimeout(500);
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  PostgresServer server() {
    return server;
  }

  /** {@return the pool on the server's database} */
  DataSource dataSource() {
    return pool;
  }

  /** {@return a data source with no pool: a new connection per call} */
  PGSimpleDataSource unpooled() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(server.jdbcUrl());
    ds.setUser(PostgresServer.USER);
    return ds;
  }

  /** {@return the name of a new schema, migrated} */
  String migratedSchema() {
    String schema = newSchemaName();
    PostgresSchema.migrate(pool, schema);
    return schema;
  }

  /** {@return the name of a schema no test has used, not created} */
  static String newSchemaName() {
    return "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
  }
}
