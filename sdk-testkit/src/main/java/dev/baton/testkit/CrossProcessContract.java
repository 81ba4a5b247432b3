package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.CommitSha;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentState;
import dev.baton.testkit.DeployRace.Interval;
import dev.baton.testkit.DeployRace.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a shared lease store and ledger must guarantee across processes, as an abstract JUnit 5
 * suite run with real JVM processes ({@link DeployRace}): racing deploys of one target run one at a
 * time and leave the newest commit current with no false success; a killed holder's target is free
 * again after its lease's time to live; a holder paused past its lease cannot write when it
 * continues. A store's test extends it:
 *
 * <pre>{@code
 * class MyStoreCrossProcessTest extends CrossProcessContract {
 *   protected Class<? extends DeployRace.Factory> factory() { return MyRaceFactory.class; }
 *   protected String newConfig() { return server.url() + " " + freshNamespace(); }
 * }
 * }</pre>
 */
public abstract class CrossProcessContract {
  private static final Duration RACE_TTL = Duration.ofSeconds(10);
  private static final Duration CRASH_TTL = Duration.ofSeconds(3);

  @TempDir private Path dir;

  /** For subclasses. */
  protected CrossProcessContract() {}

  /**
   * @return the factory each racer process instantiates to open the store and ledger
   */
  protected abstract Class<? extends DeployRace.Factory> factory();

  /**
   * @return the configuration of a store and ledger that hold nothing yet (a new table, schema or
   *     prefix), called once per test
   */
  protected abstract String newConfig();

  /**
   * The ledger the test reads the result of a race from. Unless overridden, the {@link
   * #factory()}'s ledger, made as a racer process makes it; a test that already holds a way to the
   * ledger (a pool) can override it to read through that instead.
   *
   * @param config a configuration from {@link #newConfig()}
   * @return the ledger it names, to read the result of a race; closed after use if closeable
   */
  protected DeploymentLedger ledger(String config) {
    return DeployRace.newFactory(factory()).ledger(config);
  }

  /**
   * @return how many racer processes race; 8 unless overridden
   */
  protected int racers() {
    return 8;
  }

  /**
   * Racers deploy commits of one linear history at once: deploys never overlap, the newest commit
   * ends current, and every racer that reported success really deployed and was recorded.
   */
  @Test
  public void racingDeploys_runOneAtATime_newestEndsCurrent_noFalseSuccess() {
    String config = newConfig();
    Path log = dir.resolve("deploys.log");
    int n = racers();
    List<CommitSha> line = DeployRace.history(n);
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      processes.add(DeployRace.start(factory(), config, n, i, log, RACE_TTL, 200));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      outcomes.add(DeployRace.outcome(processes.get(i), line.get(i), Duration.ofMinutes(3)));
    }

    assertThat(outcomes)
        .extracting(Outcome::result)
        .as("outcomes %s", outcomes)
        .allMatch(r -> r.equals("DEPLOYED") || r.equals("SUPERSEDED") || r.equals("OLDER"));
    assertThat(outcomes.get(n - 1).result()).as("the newest commit's racer").isEqualTo("DEPLOYED");
    List<Interval> deploys = sortedIntervals(log);
    for (int i = 1; i < deploys.size(); i++) {
      assertThat(deploys.get(i - 1).end())
          .as("deploy %s ended before %s started", deploys.get(i - 1), deploys.get(i))
          .isNotNull()
          .isBeforeOrEqualTo(deploys.get(i).start());
    }
    withLedger(
        config,
        ledger -> {
          assertThat(ledger.current(DeployRace.DEV))
              .map(DeploymentRecord::commit)
              .contains(line.get(n - 1));
          List<DeploymentRecord> history = ledger.history(DeployRace.DEV.environment());
          for (Outcome o : outcomes) {
            boolean recorded =
                history.stream()
                    .anyMatch(
                        d ->
                            d.commit().equals(o.commit())
                                && (d.state() == DeploymentState.SUCCESS
                                    || d.state() == DeploymentState.INACTIVE));
            boolean ran = deploys.stream().anyMatch(d -> d.commit().equals(o.commit()));
            if (o.result().equals("DEPLOYED")) {
              assertThat(recorded).as("%s reported success and is recorded", o).isTrue();
              assertThat(ran).as("%s reported success and its deploy ran", o).isTrue();
            } else {
              assertThat(recorded)
                  .as("%s was refused and is not recorded as a success", o)
                  .isFalse();
            }
          }
        });
  }

  /**
   * A holder killed with SIGKILL in the middle of its deploy: the next run waits for its lease to
   * lapse, then deploys.
   */
  @Test
  public void killedHolder_nextRunProceedsAfterTheLeaseLapses() {
    String config = newConfig();
    Path log = dir.resolve("deploys.log");
    List<CommitSha> line = DeployRace.history(2);
    Process holder = DeployRace.start(factory(), config, 2, 0, log, CRASH_TTL, -1);
    awaitStarts(log, 1, holder);
    holder.destroyForcibly();
    Instant killed = Instant.now();

    Process next = DeployRace.start(factory(), config, 2, 1, log, CRASH_TTL, 100);
    Outcome outcome = DeployRace.outcome(next, line.get(1), Duration.ofMinutes(2));

    assertThat(outcome.result()).as("%s", outcome).isEqualTo("DEPLOYED");
    Interval second = sortedIntervals(log).get(1);
    // The holder renewed at most a third of the time to live before it died.
    assertThat(second.start())
        .as("the next deploy waited for the killed holder's lease to lapse")
        .isAfterOrEqualTo(killed.plus(CRASH_TTL.multipliedBy(2).dividedBy(3)).minusMillis(250));
    withLedger(
        config,
        ledger ->
            assertThat(ledger.current(DeployRace.DEV))
                .map(DeploymentRecord::commit)
                .contains(line.get(1)));
  }

  /**
   * A holder stopped with SIGSTOP past its lease while another run deploys a newer commit: when it
   * continues, its write is refused and the newer deploy stays current.
   */
  @Test
  public void pausedHolder_pastItsLease_cannotWriteWhenItContinues() {
    String config = newConfig();
    Path log = dir.resolve("deploys.log");
    List<CommitSha> line = DeployRace.history(2);
    Process paused = DeployRace.start(factory(), config, 2, 0, log, CRASH_TTL, 3_000);
    awaitStarts(log, 1, paused);
    DeployRace.signal(paused, "STOP");
    try {
      Process next = DeployRace.start(factory(), config, 2, 1, log, CRASH_TTL, 100);
      Outcome newer = DeployRace.outcome(next, line.get(1), Duration.ofMinutes(2));
      assertThat(newer.result()).as("%s", newer).isEqualTo("DEPLOYED");
    } finally {
      DeployRace.signal(paused, "CONT");
    }
    Outcome stale = DeployRace.outcome(paused, line.get(0), Duration.ofMinutes(2));

    assertThat(stale.result()).as("%s", stale).isEqualTo("STALE");
    withLedger(
        config,
        ledger -> {
          assertThat(ledger.current(DeployRace.DEV))
              .map(DeploymentRecord::commit)
              .contains(line.get(1));
          assertThat(ledger.history(DeployRace.DEV.environment()))
              .filteredOn(d -> d.commit().equals(line.get(0)))
              .allMatch(d -> d.state() != DeploymentState.SUCCESS);
        });
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static List<Interval> sortedIntervals(Path log) {
    return DeployRace.intervals(log).stream()
        .sorted(Comparator.comparing(Interval::start))
        .toList();
  }

  private void withLedger(String config, java.util.function.Consumer<DeploymentLedger> check) {
    DeploymentLedger ledger = ledger(config);
    try {
      check.accept(ledger);
    } finally {
      if (ledger instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException("could not close " + ledger, e);
        }
      }
    }
  }

  /** Waits until the log shows {@code n} deploys started. */
  private static void awaitStarts(Path log, int n, Process racer) {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && DeployRace.intervals(log).size() >= n) {
        return;
      }
      if (!racer.isAlive()) {
        throw new AssertionError("the racer ended before its deploy started");
      }
      pause();
    }
    throw new AssertionError(n + " deploys never started; log: " + read(log));
  }

  private static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "(none)";
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
