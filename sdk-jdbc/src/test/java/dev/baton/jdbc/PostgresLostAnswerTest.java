package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.ProviderException;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentStart;
import dev.baton.spi.Fence;
import dev.baton.spi.Lease;
import dev.baton.spi.LeaseKey;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connection fails at the worst moments: before a statement reaches the server, after the
 * server made it but before its answer arrives, and during a commit.
 */
class PostgresLostAnswerTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  private static final Duration LONG = Duration.ofMinutes(5);
  private static final DeploymentTarget PROD = DeploymentTarget.of(EnvironmentName.parse("prod"));

  /** How many times the fault is still to happen. */
  private final AtomicInteger faults = new AtomicInteger();

  private static SQLException connectionLost() {
    return new SQLException("An I/O error occurred while sending to the backend.", "08006");
  }

  /** Statements whose answer is lost: the server makes them, then the connection fails. */
  private DataSource losingAnswers() {
    return JdbcProxies.intercepting(
        db.dataSource(),
        (target, method, args) -> {
          Object result = JdbcProxies.invoke(target, method, args);
          if (target instanceof PreparedStatement
              && method.getName().startsWith("execute")
              && faults.getAndDecrement() > 0) {
            throw connectionLost();
          }
          return result;
        });
  }

  /** Connections the server dropped: the first statement fails before reaching it. */
  private DataSource droppedConnections() {
    return JdbcProxies.intercepting(
        db.dataSource(),
        (target, method, args) -> {
          if (target instanceof PreparedStatement
              && method.getName().startsWith("execute")
              && faults.getAndDecrement() > 0) {
            throw new SQLException("terminating connection due to administrator command", "57P01");
          }
          return JdbcProxies.invoke(target, method, args);
        });
  }

  /** Commits that the server makes, whose answer is lost. */
  private DataSource losingCommits() {
    return JdbcProxies.intercepting(
        db.dataSource(),
        (target, method, args) -> {
          Object result = JdbcProxies.invoke(target, method, args);
          if (method.getName().equals("commit") && faults.getAndDecrement() > 0) {
            throw connectionLost();
          }
          return result;
        });
  }

  @Test
  void leaseGrantWhoseAnswerWasLost_isReturnedByTheRepeat_notLeftToLapse() {
    String schema = db.migratedSchema();
    PostgresLeaseStore store = new PostgresLeaseStore(losingAnswers(), schema);
    LeaseKey key = new LeaseKey("target/prod");
    store.holder(key);
    faults.set(1);

    Optional<Lease> lease = store.tryAcquire(key, "run-1", LONG);

    assertThat(faults.get()).as("the fault happened").isNegative();
    assertThat(lease).isPresent();
    assertThat(store.holder(key)).map(Lease::token).contains(lease.get().token());
    assertThat(store.tryAcquire(key, "run-2", LONG)).isEmpty();
  }

  @Test
  void callsOnDroppedConnections_areMadeAgain_andRecordOnce() {
    String schema = db.migratedSchema();
    DataSource ds = droppedConnections();
    PostgresLeaseStore store = new PostgresLeaseStore(ds, schema);
    PostgresDeploymentLedger ledger = new PostgresDeploymentLedger(ds, schema, "ci");
    store.holder(new LeaseKey("target/prod"));

    faults.set(Database.STALE_CONNECTIONS);
    Lease lease = store.tryAcquire(LeaseKey.of(PROD), "run-1", LONG).orElseThrow();
    faults.set(Database.STALE_CONNECTIONS);
    DeploymentRecord deployed = TestValues.deploy(ledger, PROD, lease.token());

    assertThat(ledger.history(PROD.environment()))
        .extracting(DeploymentRecord::id)
        .containsExactly(deployed.id());
  }

  @Test
  void writeWhoseCommitAnswerWasLost_saysItMayHaveBeenMade_andIsRetryable() {
    String schema = db.migratedSchema();
    PostgresDeploymentLedger ledger = new PostgresDeploymentLedger(losingCommits(), schema, "ci");
    ledger.current(PROD);
    CommitSha commit = TestValues.commit();
    faults.set(1);

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () ->
                ledger.begin(
                    new DeploymentStart(PROD, commit, TestValues.image(commit), Map.of()),
                    Fence.of(1, Optional.empty())));

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("it may have been made");
    assertThat(ledger.history(PROD.environment()))
        .singleElement()
        .satisfies(d -> assertThat(d.commit()).isEqualTo(commit));
  }
}
