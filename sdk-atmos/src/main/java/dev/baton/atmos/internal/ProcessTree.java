package dev.baton.atmos.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a child process and everything it started. Atmos runs Terraform, which runs provider
 * plugins; killing only atmos would leave Terraform applying (and holding the state lock) with
 * nobody watching, so the whole tree goes:
 *
 * <ol>
 *   <li>The tree is listed first: once the root dies its children are re-parented and no longer
 *       show up as its descendants.
 *   <li>SIGTERM to the root alone. Atmos passes the signal on to Terraform, which then stops
 *       gracefully and releases its state lock; a second signal sent to Terraform directly would
 *       make it "exit immediately", so the children are not signalled yet.
 *   <li>When the root is gone (or the grace period is half over), SIGTERM to every descendant still
 *       running: nobody else will pass a signal on to them now.
 *   <li>At the end of the grace period, SIGKILL to whatever still runs.
 * </ol>
 */
public final class ProcessTree {
  /** How long to wait for SIGKILLed processes to be reaped before reporting. */
  private static final Duration REAP = Duration.ofSeconds(5);

  private ProcessTree() {}

  /**
   * Stops {@code root} and its descendants, gracefully and then forcibly.
   *
   * @param root the process started
   * @param grace how long the tree gets to exit after SIGTERM
   * @return what was done, for the error message, e.g. "stopped the process (pid 12) and its 2
   *     child processes: SIGTERM, then SIGKILL for 1 still running after PT10S"
   */
  public static String stop(ProcessHandle root, Duration grace) {
    boolean interrupted = Thread.interrupted();
    Set<ProcessHandle> tree = new LinkedHashSet<>(root.descendants().toList());
    long start = System.nanoTime();
    long deadline = start + grace.toNanos();
    root.destroy();
    await(List.of(root), Math.min(deadline, start + grace.toNanos() / 2));
    if (root.isAlive()) {
      tree.addAll(root.descendants().toList());
    }
    for (ProcessHandle h : tree) {
      if (h.isAlive()) {
        h.destroy();
      }
    }
    List<ProcessHandle> all = new ArrayList<>();
    all.add(root);
    all.addAll(tree);
    await(all, deadline);

    List<ProcessHandle> forced = new ArrayList<>();
    for (ProcessHandle h : List.copyOf(all)) {
      if (h.isAlive()) {
        h.descendants()
            .forEach(
                d -> {
                  if (!all.contains(d)) {
                    all.add(d);
                    forced.add(d);
                  }
                });
        forced.add(h);
      }
    }
    forced.forEach(ProcessHandle::destroyForcibly);
    await(forced, System.nanoTime() + REAP.toNanos());
    long survivors = all.stream().filter(ProcessHandle::isAlive).count();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }

    StringBuilder b =
        new StringBuilder("stopped the process (pid ")
            .append(root.pid())
            .append(") and its ")
            .append(all.size() - 1)
            .append(" child process")
            .append(all.size() - 1 == 1 ? "" : "es")
            .append(": SIGTERM");
    if (!forced.isEmpty()) {
      b.append(", then SIGKILL for ")
          .append(forced.size())
          .append(" still running after ")
          .append(grace);
    }
    if (survivors > 0) {
      b.append("; ").append(survivors).append(" could not be stopped");
    }
    return b.toString();
  }

  private static void await(List<ProcessHandle> handles, long deadlineNanos) {
    for (ProcessHandle h : handles) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        h.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // still running (or its exit cannot be observed); the next step deals with it
      } catch (InterruptedException e) {
        // Keep stopping the tree without waiting any more; the flag stays set for the caller.
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
