package dev.baton.internal.retry;

import dev.baton.OperationCancelledException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Polling until a deadline, one way for every component that asks "is it done yet?": the caller
 * asks and decides, then calls {@link #pause()} (or {@link #pauseWhole()}), which waits the next
 * interval through the {@link Sleeper} or answers {@code false} once the deadline is reached, so
 * that the caller reports its own timeout. An interrupted wait is an {@link
 * OperationCancelledException} naming the operation, with the thread's interrupt flag restored.
 *
 * <pre>{@code
 * Poll poll = Poll.until(clock, timeout, BackoffStrategy.fixed(interval, waits.random()),
 *     waits.sleeper(), "verifying " + shown);
 * while (true) {
 *   if (done()) return result;
 *   if (!poll.pause()) throw timedOut();
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one poll belongs to the one thread that runs it.
 */
public final class Poll {
  private final InstantSource clock;
  private final Instant deadline;
  private final BackoffStrategy interval;
  private final Sleeper sleeper;
  private final String operation;
  private int round = 1;

  private Poll(
      InstantSource clock,
      Duration timeout,
      BackoffStrategy interval,
      Sleeper sleeper,
      String operation) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.deadline = clock.instant().plus(Objects.requireNonNull(timeout, "timeout"));
    this.interval = Objects.requireNonNull(interval, "interval");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.operation = Objects.requireNonNull(operation, "operation");
  }

  /**
   * Starts a poll whose deadline is {@code timeout} from the clock's now.
   *
   * @param clock the clock the deadline is measured on (a {@link java.time.Clock})
   * @param timeout how long the poll may take
   * @param interval the wait after each round, asked with the round's number (from 1)
   * @param sleeper how to wait
   * @param operation what is polled, for the message of an interruption ("verifying ...")
   * @return the poll, in its first round
   */
  public static Poll until(
      InstantSource clock,
      Duration timeout,
      BackoffStrategy interval,
      Sleeper sleeper,
      String operation) {
    return new Poll(clock, timeout, interval, sleeper, operation);
  }

  /**
   * @return the time from the clock's now to the deadline; zero or negative once it is reached
   */
  public Duration left() {
    return Duration.between(clock.instant(), deadline);
  }

  /**
   * @return the round the caller is in, from 1; one more after each pause
   */
  public int round() {
    return round;
  }

  /**
   * Ends the round: when the deadline has not been reached, waits the next interval cut to the time
   * left, so that the last round runs at the deadline.
   *
   * @return {@code false} when the deadline is reached and the caller should report its timeout
   * @throws OperationCancelledException when the thread is interrupted while waiting
   */
  public boolean pause() {
    Duration left = left();
    if (left.isNegative() || left.isZero()) {
      return false;
    }
    Duration pause = interval.delay(round);
    sleep(left.compareTo(pause) < 0 ? left : pause);
    return true;
  }

  /**
   * Ends the round: waits the whole next interval, unless the next round would then start at or
   * after the deadline; for rounds that are slow themselves and not worth starting that late.
   *
   * @return {@code false} when the next round would start at or after the deadline and the caller
   *     should report its timeout
   * @throws OperationCancelledException when the thread is interrupted while waiting
   */
  public boolean pauseWhole() {
    Duration pause = interval.delay(round);
    if (!clock.instant().plus(pause).isBefore(deadline)) {
      return false;
    }
    sleep(pause);
    return true;
  }

  private void sleep(Duration pause) {
    sleeper.sleepOrCancel(pause, operation);
    round++;
  }
}
