package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A release killed at every point where it changes something, then run again, ends where a release
 * that was never killed ends. The flow is {@link DurableFlow}'s: {@code baton run} for the push to
 * the default branch (build record, dev's deploy and ledger entries, {@code latest}, the draft
 * release), then for the published release with prod approved (the release's tag, staging, prod).
 * Case K runs the steps before write K in this JVM, the step holding write K in a JVM of its own
 * that halts just before that write (as SIGKILL would: no shutdown hook runs, nothing is flushed or
 * recorded), then runs that step again, and the rest, here, on the state the killed process left.
 * The last case halts after the last write, before the command could write its summary. A kill
 * between two reads leaves the same state as a kill just before the next write, so the writes are
 * the crash points that differ.
 *
 * <p>Afterwards the registry's tags, each target's current deployment in the ledger, the images
 * deployed and the targets destroyed (each counted once: a step run again may deploy again), and
 * the drafts equal the uninterrupted run's, and the ledger contradicts neither itself (two SUCCESS
 * deployments of one target) nor the deployer (SUCCESS for an image the target does not run). A
 * deployment whose process was killed after it began stays IN_PROGRESS in the ledger (nothing
 * finishes it; the step run again begins a new one), so that much is allowed, but never as a
 * target's newest deployment. A step that had ended before the kill deploys again when run again
 * (the same digest, "No changes."), so the deploys are compared as a set. This would catch a step
 * that refuses to run again after a kill (a deployment left IN_PROGRESS treated as running, a tag
 * write taken for a conflict with itself, a second draft release), and a ledger that records
 * SUCCESS before the deploy is done.
 */
class CrashAtEveryWriteTest {
  /** The uninterrupted flow: its end state and how many writes each step makes. */
  record Baseline(DurableFlow.EndState end, List<Integer> writes) {
    int total() {
      return writes.stream().mapToInt(Integer::intValue).sum();
    }
  }

  private static Baseline baseline;

  @TempDir static Path baselineDir;
  @TempDir Path dir;

  static synchronized Baseline baseline() {
    if (baseline == null) {
      try {
        Path tmp = Files.createDirectories(baselineDir.resolve("baseline"));
        Path work = DurableFlow.workDir(tmp.resolve("work"));
        List<Integer> writes = new ArrayList<>();
        for (int i = 0; i < DurableFlow.STEPS.size(); i++) {
          DurableFlow.Crash counting = DurableFlow.Crash.never();
          DurableFlow.FileProviders p = new DurableFlow.FileProviders(tmp, counting);
          assertThat(inProcess(p, work, i)).isZero();
          writes.add(counting.writes());
        }
        baseline =
            new Baseline(
                new DurableFlow.FileProviders(tmp, DurableFlow.Crash.never()).endState(), writes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return baseline;
  }

  /** Crash points: before each write of the flow, and after its last one. */
  static Stream<Integer> crashPoints() {
    return IntStream.rangeClosed(1, baseline().total() + 1).boxed();
  }

  @ParameterizedTest(name = "killed before write {0}")
  @MethodSource("crashPoints")
  void killedAtAnyWrite_runAgain_endsAsIfNeverKilled(int k) throws Exception {
    Baseline base = baseline();
    assertThat(base.end().contradictions()).isEmpty();
    assertThat(base.end().current()).containsOnlyKeys("dev/", "staging/", "prod/");
    assertThat(base.end().tags()).doesNotContainValue("");
    Path state = Files.createDirectories(dir.resolve("state"));
    Path work = DurableFlow.workDir(dir.resolve("work"));
    int step = 0;
    int before = 0;
    while (step < base.writes().size() - 1 && k > before + base.writes().get(step)) {
      before += base.writes().get(step);
      step++;
    }
    for (int i = 0; i < step; i++) {
      assertThat(
              inProcess(new DurableFlow.FileProviders(state, DurableFlow.Crash.never()), work, i))
          .isZero();
    }

    Path log = dir.resolve("killed.log");
    Process killed =
        ChildJvm.of(
                DurableFlow.class,
                List.of(),
                List.of(
                    state.toString(),
                    work.toString(),
                    Integer.toString(step),
                    Integer.toString(k - before)))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(killed.waitFor(60, TimeUnit.SECONDS)).as("the killed step ends").isTrue();
    assertThat(killed.exitValue()).as(Files.readString(log)).isEqualTo(DurableFlow.HALTED);

    for (int i = step; i < DurableFlow.STEPS.size(); i++) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status =
          inProcess(new DurableFlow.FileProviders(state, DurableFlow.Crash.never()), work, i, err);
      assertThat(status)
          .as("step %d run again after the kill:%n%s", i, err.toString(StandardCharsets.UTF_8))
          .isZero();
    }
    DurableFlow.EndState end =
        new DurableFlow.FileProviders(state, DurableFlow.Crash.never()).endState();
    assertThat(end.contradictions()).isEmpty();
    assertThat(end.outcome()).isEqualTo(base.end().outcome());
  }

  private static int inProcess(DurableFlow.FileProviders p, Path work, int step) {
    return inProcess(p, work, step, new ByteArrayOutputStream());
  }

  private static int inProcess(
      DurableFlow.FileProviders p, Path work, int step, ByteArrayOutputStream err) {
    try (PrintStream o =
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      return DurableFlow.step(p, work, step, o, e);
    }
  }
}
