package dev.baton.cli.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Lets a command that is stopped by SIGTERM or SIGINT end the way a failed one does. The JVM runs
 * its shutdown hooks on such a signal and then exits with 128 plus the signal's number (143 for
 * SIGTERM, 130 for SIGINT); the hook installed here interrupts the thread running the command,
 * which stops the running step (an atmos process tree gets SIGTERM, then SIGKILL after its grace
 * period), records the failure in the ledger and writes the report, and waits for that at most
 * {@link #DEFAULT_WAIT} (or {@value #WAIT_VARIABLE}) before letting the JVM exit.
 */
public final class ShutdownGuard {
  /** The variable that sets how long the hook waits for the command to unwind, e.g. {@code 20s}. */
  public static final String WAIT_VARIABLE = "BATON_SHUTDOWN_TIMEOUT";

  /**
   * How long the hook waits by default: the atmos grace period (10 s) and the reaping after a
   * SIGKILL (5 s), with time left to record the failure.
   */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

  private ShutdownGuard() {}

  /**
   * Runs {@code command} on this thread with the hook installed, and removes it after.
   *
   * @param command the command; returns its exit status
   * @param environment where {@value #WAIT_VARIABLE} is read
   * @param err where the hook says what it does
   * @return the command's exit status (the JVM exits with 143 or 130 instead when it was signalled)
   */
  public static int run(IntSupplier command, Map<String, String> environment, PrintStream err) {
    Duration wait = wait(environment, err);
    Thread worker = Thread.currentThread();
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              if (done.getCount() == 0) {
                return;
              }
              err.println(
                  "baton: stopping (SIGTERM or SIGINT): the running step is stopped and its"
                      + " failure recorded; waiting up to "
                      + DurationText.format(wait));
              err.flush();
              worker.interrupt();
              try {
                if (!done.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                  err.println(
                      "baton: the command did not end within "
                          + DurationText.format(wait)
                          + " ("
                          + WAIT_VARIABLE
                          + "); exiting without waiting for it");
                  err.flush();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "baton-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return command.getAsInt();
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it sees the command done and lets the JVM exit
      }
    }
  }

  private static Duration wait(Map<String, String> environment, PrintStream err) {
    String v = environment.get(WAIT_VARIABLE);
    if (v == null || v.isBlank()) {
      return DEFAULT_WAIT;
    }
    try {
      return DurationText.parse(v, true);
    } catch (IllegalArgumentException e) {
      err.println(
          "baton: warning: "
              + WAIT_VARIABLE
              + ": "
              + e.getMessage()
              + "; using "
              + DurationText.format(DEFAULT_WAIT));
      return DEFAULT_WAIT;
    }
  }
}
