package dev.baton.testkit;

import dev.baton.internal.Durations;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Bounded waits on a {@link CountDownLatch}, for a fake or a forwarding provider that holds a call
 * until the test releases it. A test that forgets to release, or fails before it does, then ends
 * with a message instead of hanging the build.
 *
 * <pre>{@code
 * CountDownLatch release = new CountDownLatch(1);
 * StackDeployer held = ForwardingStackDeployer.beforeDeploy(deployer,
 *     request -> Latches.await(release, Duration.ofSeconds(10), "the held deploy was never released"));
 * }</pre>
 */
public final class Latches {
  private Latches() {}

  /**
   * Waits until {@code latch} reaches zero, for {@code limit} at the most.
   *
   * @param latch the latch the test counts down
   * @param limit how long to wait
   * @param never what went wrong when the wait runs out, e.g. {@code "the gate was never opened"}
   * @throws IllegalArgumentException when {@code limit} is not positive
   * @throws IllegalStateException when {@code limit} passes first (naming {@code never} and the
   *     limit), or when the thread is interrupted (with the interrupt flag restored)
   */
  public static void await(CountDownLatch latch, Duration limit, String never) {
    Durations.positive(limit, "limit");
    try {
      if (!latch.await(limit.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException(never + " (waited " + limit + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(never + ": interrupted while waiting", e);
    }
  }
}
