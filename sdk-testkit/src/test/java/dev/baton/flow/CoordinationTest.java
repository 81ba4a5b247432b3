package dev.baton.flow;

import static dev.baton.flow.Events.DEV;
import static dev.baton.flow.Events.pushToMain;
import static dev.baton.flow.Events.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Environment;
import dev.baton.EnvironmentName;
import dev.baton.Environments;
import dev.baton.InMemoryLeaseStore;
import dev.baton.LeaseLostException;
import dev.baton.OlderCommitException;
import dev.baton.OperationTimeoutException;
import dev.baton.Plan;
import dev.baton.PromotionPipeline;
import dev.baton.QueueMode;
import dev.baton.StaleWriteException;
import dev.baton.SupersededException;
import dev.baton.spi.DeployRequest;
import dev.baton.spi.DeployResult;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Lease;
import dev.baton.spi.LeaseKey;
import dev.baton.spi.LeaseStore;
import dev.baton.spi.LeaseWaiter;
import dev.baton.spi.Progress;
import dev.baton.spi.StackDeployer;
import dev.baton.testkit.ForwardingStackDeployer;
import dev.baton.testkit.Latches;
import dev.baton.testkit.LinearHistory;
import dev.baton.testkit.TestPipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Leases, queues, fencing and never-older, in one process with the in-memory store (the
 * multi-process cases run against the shared stores in their own modules).
 */
class CoordinationTest {
  private static final Duration POLL = Duration.ofMillis(20);
  private static final EnvironmentName QA = EnvironmentName.parse("qa");

  private final TestPipeline t = TestPipeline.create();
  private final List<CommitSha> line = new ArrayList<>();
  private final LinearHistory history = new LinearHistory(List.of());
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final InMemoryLeaseStore store = new InMemoryLeaseStore();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** A linear history of new builds, oldest first. */
  private List<CommitSha> commits(int n) {
    for (int i = 0; i < n; i++) {
      CommitSha c = t.pushBuild();
      line.add(c);
      history.add(c);
    }
    return List.copyOf(line);
  }

  private PromotionPipeline.Builder pipeline() {
    return t.builder().commitHistory(history).leases(store).leasePollInterval(POLL);
  }

  // ---- never older ---------------------------------------------------------------------------

  @Test
  void olderCommit_isRefusedWhenPlanning_andNothingRuns() {
    List<CommitSha> c = commits(2);
    PromotionPipeline p = pipeline().build();
    p.run(pushToMain(c.get(1)));
    int deploys = t.deployer().deploys().size();

    Plan plan = p.plan(pushToMain(c.get(0)));
    assertThat(plan.actions()).isEmpty();
    assertThat(
            GateAssertions.onlyGate(plan, DEV, "older-commit", OlderCommitException.class).reason())
        .contains(c.get(0).toString(), c.get(1).toString());
    assertThatThrownBy(() -> p.run(pushToMain(c.get(0)))).isInstanceOf(OlderCommitException.class);
    assertThat(t.deployer().deploys()).hasSize(deploys);
    assertThat(t.ledger().current(target(DEV))).map(DeploymentRecord::commit).contains(c.get(1));
  }

  @Test
  void rollback_mayGoBackToTheOlderCommit() {
    List<CommitSha> c = commits(2);
    PromotionPipeline p = pipeline().build();
    p.run(pushToMain(c.get(0)));
    p.run(pushToMain(c.get(1)));

    p.rollback(target(DEV));

    assertThat(t.ledger().current(target(DEV))).map(DeploymentRecord::commit).contains(c.get(0));
  }

  @Test
  void unknownOrder_isNotRefused() {
    List<CommitSha> c = commits(2);
    PromotionPipeline p = t.builder().leasePollInterval(POLL).build();
    p.run(pushToMain(c.get(1)));

    p.run(pushToMain(c.get(0)));

    assertThat(t.ledger().current(target(DEV))).map(DeploymentRecord::commit).contains(c.get(0));
  }

  // ---- queues --------------------------------------------------------------------------------

  @Test
  void supersede_anOlderWaitingRunGivesWayToANewerOne() throws Exception {
    List<CommitSha> c = commits(3);
    Gate gate = new Gate(t.deployer());
    PromotionPipeline p = pipeline().deployer(gate).build();

    Future<?> first = startHolding(gate, () -> p.run(pushToMain(c.get(0))));
    Future<?> older = pool.submit(() -> p.run(pushToMain(c.get(1))));
    awaitWaiters(target(DEV), 1);
    Future<?> newer = pool.submit(() -> p.run(pushToMain(c.get(2))));

    assertThatThrownBy(() -> older.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(SupersededException.class)
        .hasMessageContaining(c.get(2).toString());
    gate.open.countDown();
    first.get(10, TimeUnit.SECONDS);
    newer.get(10, TimeUnit.SECONDS);

    assertThat(t.deployer().deploys())
        .extracting(d -> d.image().digest().orElseThrow())
        .containsExactly(digestOf(c.get(0)), digestOf(c.get(2)));
    assertThat(t.ledger().current(target(DEV))).map(DeploymentRecord::commit).contains(c.get(2));
  }

  @Test
  void fifo_waitingRunsDeployInArrivalOrder() throws Exception {
    Environments table =
        Environments.builder().add(Environment.builder("qa").queue(QueueMode.FIFO).build()).build();
    List<CommitSha> c = commits(3);
    Gate gate = new Gate(t.deployer());
    PromotionPipeline p = pipeline().environments(table).deployer(gate).build();
    DeploymentTarget qa = DeploymentTarget.of(QA);

    Future<?> first = startHolding(gate, () -> p.deploy(qa, c.get(0)));
    Future<?> second = pool.submit(() -> p.deploy(qa, c.get(1)));
    awaitWaiters(qa, 1);
    Future<?> third = pool.submit(() -> p.deploy(qa, c.get(2)));
    awaitWaiters(qa, 2);
    gate.open.countDown();
    first.get(10, TimeUnit.SECONDS);
    second.get(10, TimeUnit.SECONDS);
    third.get(10, TimeUnit.SECONDS);

    assertThat(t.deployer().deploys())
        .extracting(d -> d.image().digest().orElseThrow())
        .containsExactly(digestOf(c.get(0)), digestOf(c.get(1)), digestOf(c.get(2)));
  }

  @Test
  void leaseWait_whenHeldTooLong_timesOutNamingTheHolder() throws Exception {
    List<CommitSha> c = commits(2);
    Gate gate = new Gate(t.deployer());
    PromotionPipeline holder = pipeline().deployer(gate).build();
    PromotionPipeline impatient = pipeline().leaseWait(Duration.ofMillis(300)).build();

    Future<?> first = startHolding(gate, () -> holder.run(pushToMain(c.get(0))));
    long started = System.nanoTime();

    assertThatThrownBy(() -> impatient.run(pushToMain(c.get(1))))
        .isInstanceOf(OperationTimeoutException.class)
        .hasMessageContaining("held by")
        .hasMessageContaining("target/dev");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    gate.open.countDown();
    first.get(10, TimeUnit.SECONDS);
  }

  // ---- fencing -------------------------------------------------------------------------------

  @Test
  void lostLease_theDeployIsRecordedAsFailedNotSucceeded() throws Exception {
    List<CommitSha> c = commits(1);
    LeaseStore failingRenewals =
        renewing(
            lease -> {
              throw new LeaseLostException(lease);
            });
    Gate gate = new Gate(t.deployer());
    PromotionPipeline p = onLeases(failingRenewals, 90).deployer(gate).build();

    Future<?> run = startHolding(gate, () -> p.run(pushToMain(c.get(0))));
    Thread.sleep(300);
    gate.open.countDown();

    assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(LeaseLostException.class);
    assertThat(t.ledger().current(target(DEV))).isEmpty();
    assertThat(t.ledger().history(DEV))
        .singleElement()
        .satisfies(d -> assertThat(d.state()).isEqualTo(DeploymentState.FAILURE));
  }

  @Test
  void pausedHolder_whoseLeaseWasTakenOver_cannotRecordSuccess() throws Exception {
    List<CommitSha> c = commits(2);
    // Renewals that do nothing: the holder believes it still holds the lease (a paused process).
    LeaseStore silentRenewals = renewing(lease -> lease);
    Gate gate = new Gate(t.deployer());
    PromotionPipeline paused = onLeases(silentRenewals, 100).deployer(gate).build();
    PromotionPipeline other = onLeases(silentRenewals, 100).build();

    Future<?> stale = startHolding(gate, () -> paused.run(pushToMain(c.get(0))));
    other.run(pushToMain(c.get(1)));
    gate.open.countDown();

    assertThatThrownBy(() -> stale.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(StaleWriteException.class);
    assertThat(t.ledger().current(target(DEV))).map(DeploymentRecord::commit).contains(c.get(1));
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** A pipeline on these leases, whose time to live is short enough to lapse during a test. */
  private PromotionPipeline.Builder onLeases(LeaseStore leases, long timeToLiveMillis) {
    return pipeline().leases(leases).leaseTimeToLive(Duration.ofMillis(timeToLiveMillis));
  }

  /** An in-memory store whose every renewal answers as {@code renewal} does. */
  private static LeaseStore renewing(UnaryOperator<Lease> renewal) {
    return new Forwarding(new InMemoryLeaseStore()) {
      @Override
      public Lease renew(Lease lease, Duration ttl) {
        return renewal.apply(lease);
      }
    };
  }

  /** Starts the run on the pool and returns once it holds its lease, blocked in the gate. */
  private Future<?> startHolding(Gate gate, Runnable run) {
    Future<?> running = pool.submit(run);
    Latches.await(gate.entered, Duration.ofSeconds(10), "the first deploy never started");
    return running;
  }

  private dev.baton.Digest digestOf(CommitSha commit) {
    return t.registry()
        .resolve(
            TestPipeline.REPOSITORY.withTag(dev.baton.ImageTagScheme.standard().tagFor(commit)))
        .orElseThrow()
        .digest();
  }

  /** Waits until {@code n} runs wait in the target's queue, seen through a probe entry. */
  private void awaitWaiters(DeploymentTarget target, int n) throws InterruptedException {
    LeaseKey key = LeaseKey.of(target);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      LeaseWaiter probe = store.join(key, "probe", Optional.empty(), Duration.ofMinutes(1));
      int others = store.queue(probe, Duration.ofMinutes(1)).size() - 1;
      store.leave(probe);
      if (others >= n) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError(n + " runs never waited for " + target);
  }

  /** A deployer whose first deploy blocks until opened. */
  private static final class Gate extends ForwardingStackDeployer {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch open = new CountDownLatch(1);
    private boolean first = true;

    Gate(StackDeployer delegate) {
      super(delegate);
    }

    @Override
    public DeployResult deploy(DeployRequest request, Progress progress) {
      boolean block;
      synchronized (this) {
        block = first;
        first = false;
      }
      if (block) {
        entered.countDown();
        Latches.await(open, Duration.ofSeconds(20), "the gate was never opened");
      }
      return super.deploy(request, progress);
    }
  }

  /** A store that forwards every call, for tests that change one. */
  private static class Forwarding implements LeaseStore {
    private final LeaseStore d;

    Forwarding(LeaseStore d) {
      this.d = d;
    }

    @Override
    public Optional<Lease> tryAcquire(LeaseKey key, String owner, Duration ttl) {
      return d.tryAcquire(key, owner, ttl);
    }

    @Override
    public Lease renew(Lease lease, Duration ttl) {
      return d.renew(lease, ttl);
    }

    @Override
    public void release(Lease lease) {
      d.release(lease);
    }

    @Override
    public Optional<Lease> holder(LeaseKey key) {
      return d.holder(key);
    }

    @Override
    public LeaseWaiter join(LeaseKey key, String owner, Optional<CommitSha> commit, Duration ttl) {
      return d.join(key, owner, commit, ttl);
    }

    @Override
    public List<LeaseWaiter> queue(LeaseWaiter waiter, Duration ttl) {
      return d.queue(waiter, ttl);
    }

    @Override
    public void leave(LeaseWaiter waiter) {
      d.leave(waiter);
    }
  }
}
