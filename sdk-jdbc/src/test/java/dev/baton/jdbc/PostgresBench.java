package dev.baton.jdbc;

import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.spi.Lease;
import dev.baton.spi.LeaseKey;
import dev.baton.testkit.Timings;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a lease and a fenced deploy record cost against a local PostgreSQL: statements sent, round
 * trips (statements and commits) and wall time per operation. Skipped unless {@code
 * -Dbaton.bench=true}:
 *
 * <pre>{@code
 * ./mvnw -o -q -pl sdk-jdbc -am test -Dtest=PostgresBench -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbaton.bench=true
 * }</pre>
 */
@EnabledIfSystemProperty(named = "baton.bench", matches = "true")
class PostgresBench {
  private static final int WARMUP = 200;
  private static final int RUNS = Integer.getInteger("baton.bench.runs", 1000);

  @RegisterExtension static final TestDatabase db = new TestDatabase();

  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();

  @Test
  void leaseAndFencedDeploy() {
    String schema = db.migratedSchema();
    DataSource counted = counting(db.dataSource());
    PostgresLeaseStore store = new PostgresLeaseStore(counted, schema);
    PostgresDeploymentLedger ledger = new PostgresDeploymentLedger(counted, schema, "bench");
    LeaseKey key = new LeaseKey("target/bench");
    DeploymentTarget target = DeploymentTarget.of(EnvironmentName.parse("bench"));
    long[] token = {0};

    measure(
        "lease tryAcquire + release",
        () -> {
          Lease lease = store.tryAcquire(key, "bench", Duration.ofMinutes(1)).orElseThrow();
          token[0] = lease.token();
          store.release(lease);
        });
    measure(
        "fenced deploy: current + begin + finish(SUCCESS)",
        () -> TestValues.deploy(ledger, target, token[0]));
    measure(
        "lease + fenced deploy + release (one pipeline deploy's writes)",
        () -> {
          Lease lease = store.tryAcquire(key, "bench", Duration.ofMinutes(1)).orElseThrow();
          TestValues.deploy(ledger, target, lease.token());
          store.release(lease);
        });
  }

  private void measure(String what, Runnable op) {
    for (int i = 0; i < WARMUP; i++) {
      op.run();
    }
    statements.set(0);
    commits.set(0);
    Timings t = Timings.of(RUNS, i -> op.run());
    System.out.printf(
        "%-66s %4.1f statements %4.1f round trips   mean %6.3f ms  p50 %6.3f ms  p99 %6.3f ms"
            + "  (%d runs)%n",
        what,
        statements.get() / (double) RUNS,
        (statements.get() + commits.get()) / (double) RUNS,
        t.meanMillis(),
        t.medianMillis(),
        t.percentileMillis(0.99),
        RUNS);
  }

  /** The data source, counting the statements prepared and the commits made on its connections. */
  private DataSource counting(DataSource ds) {
    return JdbcProxies.intercepting(
        ds,
        (target, method, args) -> {
          switch (method.getName()) {
            case "prepareStatement", "createStatement" -> statements.incrementAndGet();
            case "commit" -> commits.incrementAndGet();
            default -> {}
          }
          return JdbcProxies.invoke(target, method, args);
        });
  }
}
