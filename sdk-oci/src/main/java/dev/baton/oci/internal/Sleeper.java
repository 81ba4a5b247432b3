package dev.baton.oci.internal;

import java.time.Duration;

/** Waits between retries; replaced in tests so that a {@code Retry-After} is recorded, not slept. */
@FunctionalInterface
public interface Sleeper {
  /** {@link Thread#sleep}. */
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

  /**
   * @param duration how long to wait
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;
}
