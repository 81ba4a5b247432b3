package dev.baton.cli.internal;

import dev.baton.OperationTimeoutException;
import dev.baton.internal.DaemonTimer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time limit of a whole {@code baton run}. When it passes, the thread running the pipeline is
 * interrupted, exactly as {@link ShutdownGuard} does on SIGTERM: the running step stops (an atmos
 * process tree gets SIGTERM, then SIGKILL after {@code atmos.grace-period}), the pipeline records
 * its failure in the ledger, and the command writes the step summary and fails with {@link
 * RunTimeoutException} (exit status {@value Cli#TIMED_OUT}).
 *
 * <pre>{@code
 * try (RunDeadline deadline = RunDeadline.start(Duration.ofHours(2), err)) {
 *   pipeline.run(trigger);                 // interrupted when the 2 hours pass
 * } // a failure after deadline.passed() is the run's time-out
 * }</pre>
 */
final class RunDeadline implements AutoCloseable {
  /** Where the deadlines wait; a daemon thread, so that it never keeps the JVM alive. */
  private static final ScheduledExecutorService TIMER = DaemonTimer.create("baton-run-deadline");

  private final Duration limit;
  private final Thread worker;
  private final PrintStream err;
  private final ScheduledFuture<?> task;
  private boolean passed;
  private boolean closed;

  private RunDeadline(Duration limit, PrintStream err) {
    this.limit = limit;
    this.worker = Thread.currentThread();
    this.err = err;
    this.task = TIMER.schedule(this::pass, limit.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Starts the clock for the calling thread, which is the one interrupted when it runs out.
   *
   * @param limit the time the run may take
   * @param err where to say that the limit passed
   * @return the running deadline; close it when the run ends
   */
  static RunDeadline start(Duration limit, PrintStream err) {
    return new RunDeadline(limit, err);
  }

  private synchronized void pass() {
    if (closed) {
      return;
    }
    passed = true;
    err.println(
        "baton run: the run's time limit ("
            + DurationText.format(limit)
            + ") has passed: the running step is stopped and its failure recorded");
    err.flush();
    worker.interrupt();
  }

  /** {@return whether the limit passed (and the worker was interrupted for it)} */
  synchronized boolean passed() {
    return passed;
  }

  /**
   * The error for a run stopped by its limit.
   *
   * @param step the step that was running, e.g. {@code deploy dev}
   * @param cause how the step ended
   * @return the error naming the limit, the flag and the key
   */
  RunTimeoutException failure(String step, Throwable cause) {
    return new RunTimeoutException(
        "baton run did not finish within "
            + DurationText.format(limit)
            + ", its time limit (--timeout, or run-timeout in baton.yaml): "
            + step
            + " was stopped"
            + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"),
        limit,
        cause);
  }

  /**
   * Stops the clock. The interrupt this deadline sent, if any, is cleared from the calling thread,
   * so that the report and the ledger's read for it are not cancelled too.
   */
  @Override
  public synchronized void close() {
    closed = true;
    task.cancel(false);
    if (passed && Thread.currentThread() == worker) {
      Thread.interrupted();
    }
  }

  /** A {@code baton run} that did not finish within its time limit; exit status 124. */
  static final class RunTimeoutException extends OperationTimeoutException {
    private static final long serialVersionUID = 1L;

    RunTimeoutException(String message, Duration limit, Throwable cause) {
      super(
          message,
          "the stopped step is recorded as failed and running the same trigger again converges;"
              + " give the run more time with --timeout or run-timeout in baton.yaml if it needs"
              + " it, or look at the stopped step's output for what held it",
          limit,
          cause);
    }
  }
}
