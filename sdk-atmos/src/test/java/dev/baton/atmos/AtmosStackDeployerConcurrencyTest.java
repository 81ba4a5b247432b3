package dev.baton.atmos;

import static dev.baton.atmos.testing.AtmosFixture.deployPreview;
import static dev.baton.atmos.testing.AtmosFixture.destroyPreview;
import static dev.baton.atmos.testing.AtmosFixture.newImage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ImageReference;
import dev.baton.atmos.testing.AtmosFixture;
import dev.baton.spi.Progress;
import dev.baton.testkit.Latches;
import dev.baton.testkit.atmos.FakeAtmos;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake holds a workspace's state lock for the length of an apply, and fails a second apply that
 * finds it taken ("Error acquiring the state lock"), as Terraform does with a locking backend. So
 * two overlapping calls on one workspace would fail here unless the deployer serialises them; calls
 * on different workspaces must overlap.
 */
class AtmosStackDeployerConcurrencyTest {
  private static final Duration HOLD = Duration.ofMillis(1200);

  @TempDir Path dir;
  private FakeAtmos atmos;
  private AtmosStackDeployer deployer;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @BeforeEach
  void setUp() {
    AtmosFixture fixture = new AtmosFixture(dir);
    atmos = fixture.atmos;
    atmos.applyDelay(HOLD);
    deployer = fixture.builder().checkImageVariable(false).build();
  }

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  /** Start and end of each apply/destroy in a workspace, from the fake's own event log. */
  private record Interval(Instant start, Instant end) {
    boolean overlaps(Interval o) {
      return start.isBefore(o.end) && o.start.isBefore(end);
    }
  }

  private List<Interval> intervals(String workspace) {
    List<Interval> out = new ArrayList<>();
    Instant start = null;
    for (FakeAtmos.Event e : atmos.events()) {
      if (!e.workspace().equals(workspace)) {
        continue;
      }
      if (e.kind().endsWith("-start")) {
        start = e.at();
      } else if (e.kind().endsWith("-end") && start != null) {
        out.add(new Interval(start, e.at()));
        start = null;
      }
    }
    return out;
  }

  private <T> List<T> together(Callable<T> a, Callable<T> b) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    Future<T> fa =
        pool.submit(
            () -> {
              Latches.await(go, Duration.ofSeconds(10), "the start signal never came");
              return a.call();
            });
    Future<T> fb =
        pool.submit(
            () -> {
              Latches.await(go, Duration.ofSeconds(10), "the start signal never came");
              return b.call();
            });
    go.countDown();
    return List.of(fa.get(60, TimeUnit.SECONDS), fb.get(60, TimeUnit.SECONDS));
  }

  @Test
  void deployAndDestroy_ofTheSamePullRequest_runOneAtATime() throws Exception {
    ImageReference one = newImage();
    ImageReference two = newImage();
    deployer.deploy(deployPreview(11, one), Progress.NONE);

    together(
        () -> deployer.deploy(deployPreview(11, two), Progress.NONE),
        () -> deployer.destroy(destroyPreview(11), Progress.NONE));

    List<Interval> runs = intervals(atmos.workspace("preview", "app", "11"));
    assertThat(runs).hasSize(3);
    assertThat(runs.get(1).overlaps(runs.get(2))).as("%s", runs).isFalse();
  }

  @Test
  void deploys_ofTheSamePullRequest_runOneAtATime() throws Exception {
    together(
        () -> deployer.deploy(deployPreview(12, newImage()), Progress.NONE),
        () -> deployer.deploy(deployPreview(12, newImage()), Progress.NONE));

    List<Interval> runs = intervals(atmos.workspace("preview", "app", "12"));
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).overlaps(runs.get(1))).as("%s", runs).isFalse();
  }

  @Test
  void deploys_ofDifferentPullRequests_runInParallel() throws Exception {
    ImageReference image = newImage();

    together(
        () -> deployer.deploy(deployPreview(21, image), Progress.NONE),
        () -> deployer.deploy(deployPreview(22, image), Progress.NONE));

    Interval a = intervals(atmos.workspace("preview", "app", "21")).get(0);
    Interval b = intervals(atmos.workspace("preview", "app", "22")).get(0);
    assertThat(a.overlaps(b)).as("%s and %s", a, b).isTrue();
  }
}
