package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testkit.DeployRace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@code bin/baton} launcher, as a real shell process, on the shaded {@code
 * target/baton.jar}: the first run dumps a class-data sharing archive, later runs load baton's
 * classes from it, nothing the JVM says about the archive reaches standard output, the exit status
 * is baton's own, and a signal reaches the JVM without leaving it behind or a partial archive. Run
 * by the {@code shaded-jar} execution in the {@code verify} phase.
 */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("bin", "baton");

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  private Path jar() {
    Path jar = Path.of(System.getProperty("baton.jar", "target/baton.jar"));
    assertThat(jar).as("the shaded jar; run after package").isRegularFile();
    return jar.toAbsolutePath();
  }

  private ProcessBuilder launcher(Map<String, String> env, String... args) {
    // As a CI step starts it: with SIGINT at its default, which a shell cannot trap otherwise.
    List<String> command = SignalTest.withSigintAtItsDefault();
    command.add(LAUNCHER.toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().put("BATON_JAR", jar().toString());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("BATON_CDS_DIR", dir.resolve("cds").toString());
    pb.environment().remove("BATON_CDS");
    pb.environment().remove("BATON_JAVA_OPTIONS");
    pb.environment().putAll(env);
    return pb.redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile());
  }

  private Run run(Map<String, String> env, String... args) throws Exception {
    Process p = launcher(env, args).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(dir.resolve("out.txt")),
        Files.readString(dir.resolve("err.txt")));
  }

  private List<Path> cdsFiles() throws IOException {
    Path cds = dir.resolve("cds");
    if (!Files.isDirectory(cds)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cds)) {
      return files.map(Path::getFileName).sorted().toList();
    }
  }

  @Test
  void firstRunDumpsTheArchive_laterRunsLoadFromIt_standardOutputStaysClean() throws Exception {
    Run first = run(Map.of(), "--version");

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("baton ").doesNotContain("[warning]").doesNotContain("cds");
    assertThat(cdsFiles()).singleElement().asString().matches("baton-\\d+\\.jsa");

    Path classes = dir.resolve("classes.txt");
    Run second =
        run(Map.of("BATON_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + classes), "--version");

    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(Files.readString(classes))
        .as("baton's classes come from the archive the first run dumped")
        .containsPattern(
            "dev\\.baton\\.cli\\.internal\\.\\S+ source: shared objects file \\(top\\)");
    assertThat(cdsFiles()).hasSize(1);
  }

  @Test
  void exitStatusIsBatons_andStandardErrorCarriesItsMessage() throws Exception {
    Run r = run(Map.of(), "no-such-command");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unknown command \"no-such-command\"");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void withCdsOff_noArchiveIsWritten() throws Exception {
    Run r = run(Map.of("BATON_CDS", "off"), "--version");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(cdsFiles()).isEmpty();
  }

  @Test
  void aMissingJar_isRefusedWithTheVariableToSet() throws Exception {
    Run r = run(Map.of("BATON_JAR", dir.resolve("nowhere.jar").toString()), "--version");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("BATON_JAR=").contains("nowhere.jar").contains("is not a file");
  }

  /**
   * SIGTERM to the launcher during a first run (the JVM blocked opening a FIFO nobody writes)
   * reaches the JVM: it stops as it would if signalled directly (exit 143), no JVM is left, and no
   * archive, whole or partial, is kept from a run that a signal ended.
   */
  @Test
  void sigtermReachesTheJvm_leavingNoProcessAndNoPartialArchive() throws Exception {
    signalFirstRun("TERM", 143);
  }

  /**
   * SIGINT likewise, although the JVM of a first run, started in the background by a shell without
   * job control, ignores SIGINT: the launcher passes it on as SIGTERM and exits 130, as baton does
   * on SIGINT.
   */
  @Test
  void sigintReachesTheJvm_andTheExitStatusIsSigints() throws Exception {
    signalFirstRun("INT", 130);
  }

  private void signalFirstRun(String signal, int expectedExit) throws Exception {
    Path fifo = dir.resolve("lines");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();
    // The JVM cannot interrupt a blocked open(2): it waits BATON_SHUTDOWN_TIMEOUT, then exits.
    Process p =
        launcher(Map.of("BATON_SHUTDOWN_TIMEOUT", "1s"), "promote", "--batch", fifo.toString())
            .start();
    ProcessHandle jvm = null;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (jvm == null && System.nanoTime() < until) {
      jvm = p.descendants().filter(h -> h.info().command().isPresent()).findFirst().orElse(null);
      Thread.sleep(50);
    }
    assertThat(jvm).as("the launcher started a JVM").isNotNull();
    // Time for the JVM to install its signal handling and block on the FIFO.
    Thread.sleep(1_500);

    try {
      DeployRace.signal(p, signal);

      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher ended").isTrue();
      assertThat(p.exitValue()).isEqualTo(expectedExit);
      assertThat(jvm.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    } finally {
      // Whatever the outcome, no process outlives the test.
      jvm.destroyForcibly();
      p.destroyForcibly();
    }
    assertThat(cdsFiles()).isEmpty();
  }
}
