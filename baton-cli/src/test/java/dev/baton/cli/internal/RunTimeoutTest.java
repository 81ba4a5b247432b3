package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.EnvironmentName;
import dev.baton.ImageTagScheme;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentState;
import dev.baton.testkit.atmos.FakeAtmos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton run} past its time limit, with the real atmos deployer on the testkit's fake atmos,
 * whose deploy hangs with a child that ignores SIGTERM: the tree is stopped as on SIGTERM, the
 * ledger says FAILURE (not IN_PROGRESS), the step summary says what failed, and the command exits
 * with 124 naming the limit, the flag and the key.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunTimeoutTest {
  @TempDir Path dir;
  private final FakeProviders providers = FakeProviders.withRealAtmos();
  private FakeAtmos atmos;
  private Path summary;

  @BeforeEach
  void setUp() throws Exception {
    atmos = FakeAtmos.install(dir.resolve("atmos"));
    summary = Files.createFile(dir.resolve("summary.md"));
    providers.registry.pushImage(
        RunCommandTest.REPO.withTag(ImageTagScheme.standard().tagFor(RunCommandTest.PUSHED)));
  }

  @AfterEach
  void killLeftovers() {
    atmos
        .hungProcessIds()
        .forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
  }

  private void config(String extra) throws Exception {
    config(extra, "");
  }

  private void config(String extra, String atmosExtra) throws Exception {
    Files.writeString(
        dir.resolve("baton.yaml"),
        "repository: "
            + RunCommandTest.REPO
            + "\n"
            + extra
            + "atmos:\n"
            + "  executable: '"
            + atmos.executable()
            + "'\n"
            + "  image-variable-check: off\n"
            + "  grace-period: 500ms\n"
            + atmosExtra);
  }

  private CliRunner.Outcome run(String... args) throws Exception {
    Map<String, String> env =
        RunCommandTest.actionsEnv(
            "push", "push.branch.json", Files.createFile(dir.resolve("output.txt")), summary);
    String[] all = new String[args.length + 1];
    all[0] = "run";
    System.arraycopy(args, 0, all, 1, args.length);
    return CliRunner.in(dir).env(env).providers(providers).run(all);
  }

  private void assertStoppedAndRecorded(CliRunner.Outcome o, String limit, Duration took)
      throws Exception {
    assertThat(o.exit()).as(o.err()).isEqualTo(Cli.TIMED_OUT);
    assertThat(o.err())
        .contains("the run's time limit (" + limit + ") has passed")
        .contains("did not finish within " + limit)
        .contains("--timeout")
        .contains("run-timeout")
        .contains("deploy")
        .contains("SIGKILL");
    assertThat(o.errBesidesMasks()).doesNotContain(RunCommandTest.TOKEN);
    List<Long> hung = atmos.hungProcessIds();
    assertThat(hung).as("the fake atmos hung").isNotEmpty();
    for (long pid : hung) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("atmos process %d", pid)
          .isFalse();
    }
    List<DeploymentRecord> dev = providers.ledger.history(EnvironmentName.parse("dev"));
    assertThat(dev).extracting(DeploymentRecord::state).containsExactly(DeploymentState.FAILURE);
    assertThat(Files.readString(summary))
        .contains("dev")
        .containsIgnoringCase("fail")
        .contains("did not finish within " + limit);
    assertThat(took).isLessThan(Duration.ofSeconds(20));
    System.out.println(
        "RunTimeoutTest: limit " + limit + ", exit 124 after " + took.toMillis() + " ms");
  }

  @Test
  void run_pastTimeoutFlag_stopsTheAtmosTree_recordsTheFailure_andExits124() throws Exception {
    config("");
    atmos.hangNext("deploy");
    long start = System.nanoTime();

    CliRunner.Outcome o = run("--timeout", "2s");

    assertStoppedAndRecorded(o, "2s", Duration.ofNanos(System.nanoTime() - start));
  }

  @Test
  void run_pastRunTimeoutKey_isStoppedTheSameWay() throws Exception {
    config("run-timeout: 2s\n");
    atmos.hangNext("deploy");
    long start = System.nanoTime();

    CliRunner.Outcome o = run();

    assertStoppedAndRecorded(o, "2s", Duration.ofNanos(System.nanoTime() - start));
  }

  /** atmos.timeout in baton.yaml bounds one atmos call, well inside the run's limit. */
  @Test
  void run_whenAtmosCallOutlastsAtmosTimeout_failsThatStepWithExit1() throws Exception {
    config("", "  timeout: 1s\n");
    atmos.hangNext("deploy");

    CliRunner.Outcome o = run();

    assertThat(o.exit()).as(o.err()).isEqualTo(Cli.FAILURE);
    assertThat(o.err()).contains("did not finish in time").contains("(timeout PT1S)");
    assertThat(providers.ledger.history(EnvironmentName.parse("dev")))
        .extracting(DeploymentRecord::state)
        .containsExactly(DeploymentState.FAILURE);
  }

  @Test
  void run_withinItsLimit_succeedsAndLeavesTheThreadUninterrupted() throws Exception {
    config("run-timeout: 1m\n");

    CliRunner.Outcome o = run();

    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void run_badTimeout_isAUsageErrorNamingTheOption() throws Exception {
    config("");

    CliRunner.Outcome o = run("--timeout", "soon");

    assertThat(o.exit()).isEqualTo(Cli.USAGE);
    assertThat(o.err()).contains("--timeout").contains("\"soon\"");
  }
}
