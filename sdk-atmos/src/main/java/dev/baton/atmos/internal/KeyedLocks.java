package dev.baton.atmos.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One lock per key (stack, component and per-deploy variables, i.e. one Terraform workspace), so
 * that deploys and destroys of the same workspace run one at a time while different workspaces run
 * in parallel. A lock is forgotten when nobody holds or waits for it, so the map does not grow with
 * every pull request ever deployed. Thread-safe.
 */
public final class KeyedLocks {
  private final Map<String, Entry> entries = new HashMap<>();

  private static final class Entry {
    /** A fair permit rather than a lock: it may be released by another thread than took it. */
    final Semaphore permit = new Semaphore(1, true);

    int users;
  }

  /** A held lock; closing releases it (closing again does nothing). */
  public interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Waits for the key's lock.
   *
   * @param key the workspace identity
   * @param timeout how long to wait
   * @return the held lock, or null when the timeout passed first
   * @throws InterruptedException if interrupted while waiting
   */
  public Held acquire(String key, Duration timeout) throws InterruptedException {
    Entry entry;
    synchronized (entries) {
      entry = entries.computeIfAbsent(key, k -> new Entry());
      entry.users++;
    }
    boolean locked = false;
    try {
      locked = entry.permit.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } finally {
      if (!locked) {
        release(key, entry, false);
      }
    }
    if (!locked) {
      return null;
    }
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.getAndSet(false)) {
        release(key, entry, true);
      }
    };
  }

  private void release(String key, Entry entry, boolean unlock) {
    if (unlock) {
      entry.permit.release();
    }
    synchronized (entries) {
      if (--entry.users == 0) {
        entries.remove(key);
      }
    }
  }

  /** {@return how many keys are held or waited for (for tests)} */
  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
