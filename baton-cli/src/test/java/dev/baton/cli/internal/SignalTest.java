package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testkit.DeployRace;
import dev.baton.testkit.atmos.FakeAtmos;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton run} stopped by a signal while atmos hangs in a deploy: a real JVM ({@link
 * SignalledRunMain}) running the real atmos deployer on the testkit's fake atmos, whose deploy
 * starts a child that ignores SIGTERM. The whole tree goes, the ledger records the failure, the
 * step summary is written, and the JVM exits with 128 plus the signal's number.
 */
class SignalTest {
  /** SIGINT's number: bit {@code SIGINT - 1} of the masks in {@code /proc/<pid>/status}. */
  private static final int SIGINT = 2;

  @TempDir Path dir;

  @Test
  void sigterm_stopsTheAtmosTree_recordsTheFailure_andExits143() throws Exception {
    stop("TERM", 143);
  }

  @Test
  void sigint_stopsTheAtmosTree_recordsTheFailure_andExits130() throws Exception {
    stop("INT", 130);
  }

  private void stop(String signal, int expectedExit) throws Exception {
    FakeAtmos atmos = FakeAtmos.install(dir.resolve("atmos"));
    atmos.hangNext("deploy");
    Files.writeString(
        dir.resolve("baton.yaml"),
        "repository: ghcr.io/codertocat/hello-world\n"
            + "atmos:\n"
            + "  executable: '"
            + atmos.executable()
            + "'\n"
            + "  image-variable-check: off\n"
            + "  grace-period: 1s\n");
    Path summary = Files.createFile(dir.resolve("summary.md"));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    List<String> command = withSigintAtItsDefault();
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            SignalledRunMain.class.getName(),
            dir.toString(),
            RunCommandTest.PUSHED.value()));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> env = pb.environment();
    env.putAll(atmos.environment());
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_EVENT_NAME", "push");
    env.put("GITHUB_EVENT_PATH", PlanOfflineTest.payload("push.branch.json").toString());
    env.put("GITHUB_SHA", RunCommandTest.PUSHED.value());
    env.put("GITHUB_REPOSITORY", "Codertocat/Hello-World");
    env.put("GITHUB_TOKEN", RunCommandTest.TOKEN);
    env.put("GITHUB_STEP_SUMMARY", summary.toString());
    env.put("GITHUB_OUTPUT", Files.createFile(dir.resolve("output.txt")).toString());
    env.put(ShutdownGuard.WAIT_VARIABLE, "20s");
    Process baton = pb.start();
    try {
      List<Long> hung = awaitHang(atmos, baton, err);
      long signalled = System.nanoTime();
      DeployRace.signal(baton, signal);

      assertThat(baton.waitFor(30, TimeUnit.SECONDS)).as("baton exits").isTrue();
      Duration took = Duration.ofNanos(System.nanoTime() - signalled);
      String stderr = Files.readString(err);
      assertThat(baton.exitValue()).as(stderr).isEqualTo(expectedExit);
      assertThat(took).as("from the signal to the exit").isLessThan(Duration.ofSeconds(15));
      for (long pid : hung) {
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            .as("atmos process %d", pid)
            .isFalse();
      }
      assertThat(stderr).contains("baton: stopping (SIGTERM or SIGINT)").contains("SIGKILL");
      assertThat(CliRunner.besidesMasks(stderr)).doesNotContain(RunCommandTest.TOKEN);
      assertThat(Files.readString(out)).contains("ledger: dev FAILURE");
      assertThat(Files.readString(summary)).contains("dev").containsIgnoringCase("fail");
      System.out.println(
          "SignalTest: SIG"
              + signal
              + " to exit "
              + baton.exitValue()
              + " in "
              + took.toMillis()
              + " ms");
    } finally {
      baton.destroyForcibly();
      atmos
          .hungProcessIds()
          .forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  /**
   * {@return the start of a command line whose program runs with SIGINT at its default}: empty, or
   * GNU {@code env --default-signal=INT} when this JVM ignores SIGINT (see {@link
   * #sigintIgnored()}), as a CI runner's step starts it
   */
  static List<String> withSigintAtItsDefault() {
    List<String> command = new ArrayList<>();
    if (sigintIgnored()) {
      command.addAll(List.of("env", "--default-signal=INT"));
    }
    return command;
  }

  /**
   * Whether this JVM ignores SIGINT, as every process started in the background by a shell without
   * job control does ({@code ./mvnw verify &} in a script), and as its children do by inheritance.
   * A JVM that starts with SIGINT ignored leaves it ignored and runs no shutdown hook on it, so the
   * JVM under test is started through GNU {@code env --default-signal=INT}, which restores the
   * default before it starts Java, as a CI runner's step has it. Read from {@code /proc} on Linux;
   * elsewhere taken as not ignored.
   */
  static boolean sigintIgnored() {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return false;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(status);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String line : lines) {
      if (line.startsWith("SigIgn:")) {
        long ignored = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
        return (ignored & (1L << (SIGINT - 1))) != 0;
      }
    }
    return false;
  }

  private static List<Long> awaitHang(FakeAtmos atmos, Process baton, Path err) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      List<Long> hung = atmos.hungProcessIds();
      if (!hung.isEmpty()) {
        return hung;
      }
      assertThat(baton.isAlive()).as("baton still runs: %s", Files.readString(err)).isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError("atmos never hung:\n" + Files.readString(err) + File.separator);
  }
}
