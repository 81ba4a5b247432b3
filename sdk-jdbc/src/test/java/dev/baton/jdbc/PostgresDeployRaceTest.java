package dev.baton.jdbc;

import dev.baton.spi.DeploymentLedger;
import dev.baton.testkit.CrossProcessContract;
import dev.baton.testkit.DeployRace;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deploys of one target through whole pipelines in separate JVM processes, each with its own pool
 * on one PostgreSQL database, held to the cross-process contract: one at a time, newest current, no
 * false success, a killed holder's lease lapses, a paused holder is fenced out.
 */
class PostgresDeployRaceTest extends CrossProcessContract {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  @Override
  protected Class<? extends DeployRace.Factory> factory() {
    return PostgresRaceFactory.class;
  }

  @Override
  protected String newConfig() {
    return PostgresRaceFactory.config(db.server().jdbcUrl(), db.migratedSchema());
  }

  @Override
  protected DeploymentLedger ledger(String config) {
    return new PostgresDeploymentLedger(db.dataSource(), PostgresRaceFactory.schema(config));
  }
}
