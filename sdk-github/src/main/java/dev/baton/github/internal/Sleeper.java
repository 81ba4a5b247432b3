package dev.baton.github.internal;

import java.time.Duration;

/** How the client waits between attempts; tests substitute one that records instead of waiting. */
@FunctionalInterface
public interface Sleeper {
  /** Waits with {@link Thread#sleep}. */
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

  /**
   * @param duration how long to wait
   * @throws InterruptedException when interrupted
   */
  void sleep(Duration duration) throws InterruptedException;
}
