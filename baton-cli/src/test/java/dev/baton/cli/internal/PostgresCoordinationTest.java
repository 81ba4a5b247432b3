package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.jdbc.PostgresLeaseStore;
import dev.baton.spi.LeaseKey;
import dev.baton.testkit.servers.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The commands with {@code coordination.postgres}, end to end against a throwaway PostgreSQL server
 * through the driver and the pool baton.jar carries: {@code coordination init} migrates the schema
 * once, and deploys, refusals and {@code status} go through its leases and ledger, which outlive
 * each command. The password comes from the variable {@code password-env} names and is never
 * printed. Registry and atmos are the testkit's fakes.
 */
class PostgresCoordinationTest {
  static final DeploymentTarget DEV = DeploymentTarget.of(EnvironmentName.parse("dev"));
  static final String PASSWORD = "pg-s3cret-value";
  static final AtomicInteger DATABASES = new AtomicInteger();

  static PostgresServer server;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    assumeTrue(
        PostgresServer.available(),
        "PostgreSQL's server binaries are not installed (Debian package postgresql)");
    server = PostgresServer.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A fresh database, and a fixture whose baton.yaml names it. */
  DirectFixture fixture() throws Exception {
    String database = "cli" + DATABASES.incrementAndGet();
    try (Connection c = dataSource(server.jdbcUrl()).getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    DirectFixture f =
        new DirectFixture(
            dir,
            "coordination:\n  postgres: {url: \""
                + server.jdbcUrl(database)
                + "\", user: "
                + PostgresServer.USER
                + ", password-env: BATON_DB_AUTH}\n  lease-wait: 1s\n");
    f.env.put("BATON_DB_AUTH", PASSWORD);
    return f;
  }

  static PGSimpleDataSource dataSource(String url) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url);
    ds.setUser(PostgresServer.USER);
    return ds;
  }

  @Test
  void init_migratesOnce_thenCommandsShareItsLedgerAndLeases() throws Exception {
    DirectFixture f = fixture();

    CliRunner.Outcome migrated = f.run("coordination", "init");
    assertThat(migrated.exit()).as(migrated.err()).isZero();
    assertThat(migrated.out()).startsWith("migrated schema baton of the PostgreSQL database");
    assertThat(migrated.out().strip()).endsWith("from version 0 to 2");
    CliRunner.Outcome again = f.run("coordination", "init");
    assertThat(again.out().strip()).endsWith("is at version 2 already; nothing changed");

    List<CliRunner.Outcome> round =
        f.roundThroughSharedStore(
            "PostgreSQL database " + server.jdbcUrl("cli" + DATABASES.get()) + " as baton");

    List<CliRunner.Outcome> all = new ArrayList<>(round);
    all.addAll(List.of(migrated, again));
    for (CliRunner.Outcome o : all) {
      assertThat(o.out() + o.err()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void aLeaseHeldInTheDatabase_isWaitedFor_andShownByStatus() throws Exception {
    DirectFixture f = fixture();
    assertThat(f.run("coordination", "init").exit()).isZero();
    String url = server.jdbcUrl("cli" + DATABASES.get());
    PostgresLeaseStore other = new PostgresLeaseStore(dataSource(url));
    assertThat(
            other.tryAcquire(LeaseKey.of(DEV), "other-machine/91/feedbeef", Duration.ofMinutes(5)))
        .isPresent();

    f.deployRefusedWhileLeaseHeldBy("other-machine/91/feedbeef");
  }

  @Test
  void status_withHistory_listsWhatHappened_fromTheDatabase() throws Exception {
    DirectFixture f = fixture();
    assertThat(f.run("coordination", "init").exit()).isZero();
    CliRunner.Outcome deployed = f.run("deploy", "dev", "--commit", f.c1.value());
    assertThat(deployed.exit()).as(deployed.err()).isZero();

    CliRunner.Outcome json = f.run("status", "dev", "--json", "--history", "20");

    assertThat(json.exit()).as(json.err()).isZero();
    assertThat(json.out())
        .contains("\"history\"")
        .contains("\"kind\": \"deploy-started\"")
        .contains("\"kind\": \"deploy-succeeded\"")
        .contains("\"commit\": \"" + f.c1.value() + "\"");
    CliRunner.Outcome text = f.run("status", "dev", "--history", "5");
    assertThat(text.out()).contains("deploy-succeeded dev " + f.c1.shortForm());
    assertThat(f.run("status", "--history", "0").exit()).isEqualTo(2);
  }

  @Test
  void schemaNotMigrated_saysToRunInit() throws Exception {
    DirectFixture f = fixture();

    CliRunner.Outcome o = f.run("deploy", "dev", "--commit", f.c1.value());

    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("coordination init");
  }
}
