package dev.baton.jdbc;

import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.LeaseStore;
import dev.baton.testkit.DeployRace;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Opens {@link PostgresLeaseStore} and {@link PostgresDeploymentLedger} in a racer process of
 * {@link DeployRace}, from a configuration {@code "JDBC_URL SCHEMA"}, on one small pool per
 * process. Public, for the racer processes to make it; its package is exported by the module under
 * test while the testkit is only on the class path, which javac's lint would report.
 */
@SuppressWarnings("exports")
public final class PostgresRaceFactory implements DeployRace.Factory {
  private static final Map<String, DataSource> POOLS = new ConcurrentHashMap<>();

  /** For {@link DeployRace}, which makes one in each racer process. */
  public PostgresRaceFactory() {}

  /**
   * @param jdbcUrl the database
   * @param schema a migrated schema
   * @return the configuration naming them
   */
  static String config(String jdbcUrl, String schema) {
    return jdbcUrl + " " + schema;
  }

  /**
   * @param config a configuration from {@link #config}
   * @return its schema
   */
  static String schema(String config) {
    return config.substring(config.indexOf(' ') + 1);
  }

  private static DataSource pool(String config) {
    // A long wait for a connection: eight JVMs starting at once on a small machine are slow.
    return POOLS.computeIfAbsent(
        config, c -> TestDatabase.pool(c.substring(0, c.indexOf(' ')), 4, Duration.ofSeconds(30)));
  }

  @Override
  public LeaseStore leases(String config) {
    return new PostgresLeaseStore(pool(config), schema(config));
  }

  @Override
  public DeploymentLedger ledger(String config) {
    return new PostgresDeploymentLedger(pool(config), schema(config), "racer");
  }
}
