package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.ConfigurationException;
import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.spi.LeaseKey;
import dev.baton.testkit.Latches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresSchemaTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  @Test
  void migrate_whenRunAgain_changesNothing() throws SQLException {
    String schema = TestDatabase.newSchemaName();

    assertThat(PostgresSchema.version(db.dataSource(), schema)).isZero();
    assertThat(PostgresSchema.migrate(db.dataSource(), schema))
        .isEqualTo(PostgresSchema.CURRENT_VERSION);
    List<String> tables = tables(schema);
    assertThat(PostgresSchema.migrate(db.dataSource(), schema))
        .isEqualTo(PostgresSchema.CURRENT_VERSION);

    assertThat(tables(schema)).isEqualTo(tables);
    assertThat(tables)
        .containsExactlyInAnyOrder(
            "approvals",
            "baton_schema_version",
            "builds",
            "deployments",
            "events",
            "lease_waiters",
            "leases",
            "quarantines",
            "targets");
    assertThat(versionRows(schema)).isEqualTo(PostgresSchema.CURRENT_VERSION);
    assertThat(PostgresSchema.version(db.dataSource(), schema))
        .isEqualTo(PostgresSchema.CURRENT_VERSION);
  }

  @Test
  void migrate_whenConcurrent_appliesEachVersionOnce() throws Exception {
    String schema = TestDatabase.newSchemaName();
    int migrators = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(migrators);
    try {
      List<Future<Integer>> versions = new ArrayList<>();
      for (int i = 0; i < migrators; i++) {
        Callable<Integer> migrate =
            () -> {
              Latches.await(go, Duration.ofSeconds(10), "the start signal never came");
              return PostgresSchema.migrate(db.dataSource(), schema);
            };
        versions.add(pool.submit(migrate));
      }
      go.countDown();
      for (Future<Integer> v : versions) {
        assertThat(v.get(60, TimeUnit.SECONDS)).isEqualTo(PostgresSchema.CURRENT_VERSION);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(versionRows(schema)).isEqualTo(PostgresSchema.CURRENT_VERSION);
    assertThat(tables(schema)).hasSize(9);
  }

  @Test
  void stores_whenSchemaNotMigrated_sayToRunCoordinationInit_andCreateNothing() {
    String schema = TestDatabase.newSchemaName();
    PostgresLeaseStore store = new PostgresLeaseStore(db.dataSource(), schema);
    PostgresDeploymentLedger ledger = new PostgresDeploymentLedger(db.dataSource(), schema);

    assertThatThrownBy(() -> store.holder(new LeaseKey("target/dev")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("schema " + schema)
        .hasMessageContaining("has no Baton tables")
        .satisfies(
            e ->
                assertThat(((ConfigurationException) e).hint())
                    .contains("baton coordination init"));
    assertThatThrownBy(() -> ledger.current(DeploymentTarget.of(EnvironmentName.parse("dev"))))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((ConfigurationException) e).hint())
                    .contains("baton coordination init"));
    assertThatThrownBy(() -> ledger.build(CommitSha.parse("a".repeat(40))))
        .isInstanceOf(ConfigurationException.class);

    assertThat(PostgresSchema.version(db.dataSource(), schema)).isZero();
  }

  @Test
  void stores_whenSchemaDroppedAfterUse_sayToRunCoordinationInit() throws SQLException {
    String schema = db.migratedSchema();
    PostgresLeaseStore store = new PostgresLeaseStore(db.dataSource(), schema);
    LeaseKey key = new LeaseKey("target/dev");
    assertThat(store.tryAcquire(key, "owner-a", Duration.ofMinutes(1))).isPresent();
    try (Connection c = db.dataSource().getConnection()) {
      c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
    }

    assertThatThrownBy(() -> store.holder(key))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((ConfigurationException) e).hint())
                    .contains("baton coordination init"));
  }

  @Test
  void schemaName_whenNotASimpleIdentifier_isRefused() {
    for (String bad : List.of("", "Baton", "1st", "a-b", "x\"; DROP TABLE y; --", "a".repeat(64))) {
      assertThatThrownBy(() -> PostgresSchema.migrate(db.dataSource(), bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid schema name");
    }
  }

  @Test
  void migrations_listEveryVersionedScriptOfTheModule_inOrder() throws Exception {
    Path dir = Path.of("src/main/resources/dev/baton/jdbc");
    List<String> scripts;
    try (Stream<Path> files = Files.list(dir)) {
      scripts =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.matches("V[0-9]+__.*\\.sql"))
              .sorted((a, b) -> Integer.compare(number(a), number(b)))
              .toList();
    }

    assertThat(PostgresSchema.MIGRATIONS).isEqualTo(scripts);
    for (int i = 0; i < scripts.size(); i++) {
      assertThat(number(scripts.get(i))).isEqualTo(i + 1);
    }
    assertThat(PostgresSchema.CURRENT_VERSION).isEqualTo(scripts.size());
  }

  private static int number(String script) {
    return Integer.parseInt(script.substring(1, script.indexOf("__")));
  }

  private static List<String> tables(String schema) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                    + " ORDER BY table_name")) {
      ps.setString(1, schema);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  private static int versionRows(String schema) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT count(*) FROM " + schema + ".baton_schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
