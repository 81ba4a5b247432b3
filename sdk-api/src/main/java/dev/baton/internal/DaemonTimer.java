package dev.baton.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * A one-thread scheduler on a daemon thread, for short timer tasks that must never keep the JVM
 * alive (body-read deadlines, lease renewals). Cancelled tasks are removed at once, so a timer that
 * cancels most of its tasks does not hold on to them.
 */
public final class DaemonTimer {
  private DaemonTimer() {}

  /**
   * @param threadName the name of its thread, e.g. {@code baton-lease-renewal}
   * @return a new scheduler
   */
  public static ScheduledExecutorService create(String threadName) {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }
}
