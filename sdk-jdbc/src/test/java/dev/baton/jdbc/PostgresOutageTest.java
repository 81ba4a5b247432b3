package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.BatonException;
import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.ProviderException;
import dev.baton.StaleWriteException;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentStart;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Fence;
import dev.baton.spi.Lease;
import dev.baton.spi.LeaseKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/** The database stops in the middle of a flow and comes back. */
class PostgresOutageTest {
  private static final Duration LONG = Duration.ofMinutes(5);
  private static final String PASSWORD = "s3cret-outage-pw";

  /** Calls made while the server is stopped wait a second for a connection, then fail. */
  @RegisterExtension static final TestDatabase db = TestDatabase.failingFastWhenDown();

  @Test
  void whileDatabaseIsDown_callsFailRetryably_andAfterItIsBack_theyWorkAndNothingIsRecordedTwice() {
    String schema = db.migratedSchema();
    PostgresLeaseStore store = new PostgresLeaseStore(db.dataSource(), schema);
    PostgresDeploymentLedger ledger = new PostgresDeploymentLedger(db.dataSource(), schema, "ci");
    DeploymentTarget prod = DeploymentTarget.of(EnvironmentName.parse("prod"));
    LeaseKey key = LeaseKey.of(prod);
    Lease lease = store.tryAcquire(key, "run-1", LONG).orElseThrow();
    DeploymentRecord first = TestValues.deploy(ledger, prod, lease.token());

    db.server().stop();
    try {
      assertRetryableNamingHost(() -> store.renew(lease, LONG));
      assertRetryableNamingHost(() -> store.tryAcquire(new LeaseKey("target/other"), "x", LONG));
      assertRetryableNamingHost(() -> TestValues.deploy(ledger, prod, lease.token()));
      assertRetryableNamingHost(() -> ledger.history(prod.environment()));
    } finally {
      db.server().startAgain();
    }

    Lease renewed = eventually(() -> store.renew(lease, LONG));
    assertThat(renewed.token()).isEqualTo(lease.token());
    DeploymentRecord second = TestValues.deploy(ledger, prod, renewed.token());
    assertThat(ledger.current(prod)).map(DeploymentRecord::id).contains(second.id());
    assertThat(ledger.history(prod.environment()))
        .extracting(DeploymentRecord::id, DeploymentRecord::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(second.id(), DeploymentState.SUCCESS),
            org.assertj.core.groups.Tuple.tuple(first.id(), DeploymentState.INACTIVE));
    assertThat(ledger.history(HistoryQuery.all().target(prod)))
        .extracting(e -> e.kind().wireName())
        .containsExactly(
            "deploy-succeeded", "deploy-started", "deploy-succeeded", "deploy-started");
  }

  @Test
  void whenConnectionFails_theErrorNamesTheHostButNotThePassword() {
    PGSimpleDataSource ds = db.unpooled();
    ds.setPassword(PASSWORD);
    String schema = db.migratedSchema();
    PostgresLeaseStore store = new PostgresLeaseStore(ds, schema);
    store.holder(new LeaseKey("target/dev"));

    db.server().stop();
    try {
      BatonException e = assertRetryableNamingHost(() -> store.holder(new LeaseKey("target/dev")));
      assertThat(e.toString()).doesNotContain(PASSWORD);
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD);
      }
    } finally {
      db.server().startAgain();
    }
  }

  /**
   * Deployers keep deploying, retrying what failed retryably, while the database stops under them
   * for longer than the pool waits for a connection, and starts again: every deploy they were told
   * succeeded is recorded once, and nothing else succeeded.
   */
  @Test
  void whenDatabaseRestartsUnderRunningDeployers_everyReportedSuccessIsRecordedOnce()
      throws Exception {
    String schema = db.migratedSchema();
    PostgresLeaseStore store = new PostgresLeaseStore(db.dataSource(), schema);
    PostgresDeploymentLedger ledger = new PostgresDeploymentLedger(db.dataSource(), schema, "ci");
    DeploymentTarget prod = DeploymentTarget.of(EnvironmentName.parse("prod"));
    int deployers = 3;
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger outageErrors = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(deployers);
    List<Future<List<String>>> reported = new ArrayList<>();
    try {
      for (int d = 0; d < deployers; d++) {
        String owner = "deployer-" + d;
        reported.add(
            pool.submit(() -> deployRepeatedly(store, ledger, prod, owner, stop, outageErrors)));
      }
      Thread.sleep(300);
      db.server().stop();
      Thread.sleep(2500);
      db.server().startAgain();
      eventually(() -> ledger.current(prod));
      Thread.sleep(1000);
      stop.set(true);
      List<String> succeeded = new ArrayList<>();
      for (Future<List<String>> f : reported) {
        succeeded.addAll(f.get(120, TimeUnit.SECONDS));
      }

      List<DeploymentRecord> history = ledger.history(prod.environment());
      List<String> recordedSuccesses =
          history.stream()
              .filter(
                  r ->
                      r.state() == DeploymentState.SUCCESS || r.state() == DeploymentState.INACTIVE)
              .map(DeploymentRecord::id)
              .toList();
      assertThat(outageErrors.get()).as("calls that failed during the restart").isPositive();
      assertThat(succeeded).hasSizeGreaterThan(deployers).doesNotHaveDuplicates();
      assertThat(recordedSuccesses).containsExactlyInAnyOrderElementsOf(succeeded);
      assertThat(history.stream().collect(Collectors.groupingBy(DeploymentRecord::commit)))
          .allSatisfy(
              (commit, records) ->
                  assertThat(records.stream().filter(r -> r.state() != DeploymentState.FAILURE))
                      .as("records of %s", commit)
                      .hasSizeLessThanOrEqualTo(1));
      assertThat(history.stream().filter(r -> r.state() == DeploymentState.SUCCESS)).hasSize(1);
    } finally {
      stop.set(true);
      pool.shutdownNow();
      if (!db.server().isRunning()) {
        db.server().startAgain();
      }
    }
  }

  /**
   * Deploys new commits under the lease until told to stop (between deploys), retrying a step that
   * failed retryably; a success refused after an attempt whose outcome was unknown is checked
   * against the ledger.
   */
  private static List<String> deployRepeatedly(
      PostgresLeaseStore store,
      PostgresDeploymentLedger ledger,
      DeploymentTarget target,
      String owner,
      AtomicBoolean stop,
      AtomicInteger outageErrors)
      throws InterruptedException {
    List<String> succeeded = new ArrayList<>();
    CommitSha commit = TestValues.commit();
    Optional<DeploymentRecord> begun = Optional.empty();
    Lease lease = null;
    while (lease != null || !stop.get()) {
      try {
        if (lease == null) {
          Optional<Lease> got = store.tryAcquire(LeaseKey.of(target), owner, LONG);
          if (got.isEmpty()) {
            Thread.sleep(5);
            continue;
          }
          lease = got.get();
        }
        Fence fence = Fence.of(lease.token(), ledger.current(target));
        if (begun.isEmpty()) {
          begun =
              Optional.of(
                  ledger.begin(
                      new DeploymentStart(target, commit, TestValues.image(commit), Map.of()),
                      fence));
        }
        try {
          ledger.finish(begun.get(), DeploymentState.SUCCESS, "", fence);
        } catch (StaleWriteException refused) {
          String id = begun.get().id();
          if (!ledger.current(target).map(DeploymentRecord::id).orElse("").equals(id)) {
            throw refused;
          }
        }
        succeeded.add(begun.get().id());
        begun = Optional.empty();
        commit = TestValues.commit();
        store.release(lease);
        lease = null;
      } catch (ProviderException e) {
        assertThat(e.isRetryable()).as(e.toString()).isTrue();
        outageErrors.incrementAndGet();
        Thread.sleep(50);
      }
    }
    return succeeded;
  }

  /** Calls until the call does not fail retryably, as a caller's retry policy would. */
  private static <T> T eventually(Supplier<T> call) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return call.get();
      } catch (ProviderException e) {
        if (!e.isRetryable() || System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static BatonException assertRetryableNamingHost(Supplier<?> call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call::get);
    assertThat(thrown).isInstanceOf(ProviderException.class);
    ProviderException e = (ProviderException) thrown;
    assertThat(e.isRetryable()).as(e.toString()).isTrue();
    assertThat(e.getMessage()).contains("127.0.0.1:" + db.server().port());
    assertThat(e.hint()).contains("running and reachable");
    return e;
  }
}
