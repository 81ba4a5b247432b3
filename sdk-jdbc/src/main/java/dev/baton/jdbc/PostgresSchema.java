package dev.baton.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The tables Baton keeps in PostgreSQL, and the only code that creates or changes them. Nothing is
 * created by {@link PostgresLeaseStore} or {@link PostgresDeploymentLedger}: a platform runs {@link
 * #migrate(DataSource)} once per database and version (the {@code baton coordination init}
 * command), with a role allowed to create tables, and may then run the stores with a role that only
 * reads and writes rows. A store used against a schema that was not migrated fails with a {@link
 * dev.baton.ConfigurationException} that says so.
 *
 * <p>The tables live in one PostgreSQL schema, {@value #DEFAULT_SCHEMA} unless another name is
 * given, so that several Baton installations (or tests) can share a database: {@code leases} and
 * {@code lease_waiters} (the lease store), {@code builds}, {@code targets}, {@code deployments} and
 * {@code quarantines} (the ledger), {@code events} (the history) and {@code baton_schema_version}.
 *
 * <p>Migrations are plain SQL resources of this package, {@code V1__baton.sql}, {@code V2__...},
 * applied in order. {@code migrate} takes a transaction-scoped advisory lock named after the
 * schema, creates the schema and {@code baton_schema_version} if missing, applies the versions not
 * recorded there and records them, all in one transaction (PostgreSQL's DDL is transactional):
 * concurrent migrators wait for each other and the later ones find nothing to do, and a failed
 * migration leaves nothing half made. Running it again is harmless.
 *
 * <p>Why not Flyway or Liquibase: this module's only run-time dependency is a {@code DataSource}; a
 * migration tool would add megabytes and its own configuration to every platform that embeds Baton,
 * for one small set of tables in one schema whose whole history fits in a few files. The version
 * table and the advisory lock are the two things such a tool would give here.
 */
public final class PostgresSchema {
  /** The schema used when none is named. */
  public static final String DEFAULT_SCHEMA = "baton";

  /** The schema version this module's stores need, the newest of its migrations. */
  public static final int CURRENT_VERSION = 2;

  /** The migrations, in order: version {@code i + 1} is {@code MIGRATIONS.get(i)}. */
  static final List<String> MIGRATIONS =
      List.of("V1__baton.sql", "V2__quarantines_and_approvals.sql");

  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** The first key of the advisory lock around migrations: "bato" in ASCII. */
  private static final int LOCK_CLASS = 0x6261746f;

  private PostgresSchema() {}

  /**
   * Brings schema {@value #DEFAULT_SCHEMA} to {@link #CURRENT_VERSION}.
   *
   * @param dataSource the database
   * @return the schema's version afterwards
   * @throws dev.baton.ProviderException when the database cannot be reached or refuses a statement
   */
  public static int migrate(DataSource dataSource) {
    return migrate(dataSource, DEFAULT_SCHEMA);
  }

  /**
   * Brings a schema to {@link #CURRENT_VERSION}, creating it if needed.
   *
   * @param dataSource the database
   * @param schema the schema's name: lower-case letters, digits and underscores, at most 63
   * @return the schema's version afterwards
   * @throws dev.baton.ProviderException when the database cannot be reached or refuses a statement
   */
  public static int migrate(DataSource dataSource, String schema) {
    Database db = new Database(dataSource, schema);
    return db.transaction(
        "migrate schema " + schema,
        c -> {
          // Held until the transaction ends: concurrent migrators of this schema take turns.
          Database.query(
              c,
              "SELECT pg_advisory_xact_lock(?, ?)",
              ps -> {
                ps.setInt(1, LOCK_CLASS);
                ps.setInt(2, schema.hashCode());
              },
              Database.Result.first(rs -> true));
          execute(c, db.sql("CREATE SCHEMA IF NOT EXISTS {s}"));
          execute(
              c,
              db.sql(
                  "CREATE TABLE IF NOT EXISTS {s}.baton_schema_version (version integer PRIMARY"
                      + " KEY, script text NOT NULL, applied_at timestamptz NOT NULL DEFAULT"
                      + " clock_timestamp(), applied_by text NOT NULL DEFAULT current_user)"));
          int version = versionIn(c, db);
          for (int v = version + 1; v <= MIGRATIONS.size(); v++) {
            String script = MIGRATIONS.get(v - 1);
            int applied = v;
            execute(c, db.sql(read(script)));
            Database.update(
                c,
                db.sql("INSERT INTO {s}.baton_schema_version (version, script) VALUES (?, ?)"),
                ps -> {
                  ps.setInt(1, applied);
                  ps.setString(2, script);
                });
            version = v;
          }
          return version;
        });
  }

  /**
   * @param dataSource the database
   * @param schema the schema's name
   * @return the schema's version; 0 when it was never migrated
   * @throws dev.baton.ProviderException when the database cannot be reached
   */
  public static int version(DataSource dataSource, String schema) {
    Database db = new Database(dataSource, schema);
    return db.call(
        "read the version of schema " + schema,
        c -> {
          boolean migrated =
              Database.query(
                  c,
                  "SELECT to_regclass(?) IS NOT NULL",
                  ps -> ps.setString(1, db.schema() + ".baton_schema_version"),
                  Database.Result.single(rs -> rs.getBoolean(1)));
          return migrated ? versionIn(c, db) : 0;
        });
  }

  /** Runs SQL without parameters: one statement, or a script of several. */
  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * Checks a schema's name.
   *
   * @param schema the name
   * @return it, double-quoted for SQL
   */
  static String quoted(String schema) {
    Objects.requireNonNull(schema, "schema");
    if (!NAME.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "invalid schema name \""
              + schema
              + "\": expected 1 to 63 lower-case letters, digits and underscores, not starting"
              + " with a digit");
    }
    return '"' + schema + '"';
  }

  static int versionIn(Connection c, Database db) throws SQLException {
    return Database.query(
        c,
        db.sql("SELECT coalesce(max(version), 0) FROM {s}.baton_schema_version"),
        ps -> {},
        Database.Result.single(rs -> rs.getInt(1)));
  }

  /**
   * @param script a migration's file name
   * @return its text
   */
  static String read(String script) {
    try (InputStream in = PostgresSchema.class.getResourceAsStream(script)) {
      if (in == null) {
        throw new IllegalStateException("migration " + script + " is missing from the module");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read migration " + script, e);
    }
  }
}
