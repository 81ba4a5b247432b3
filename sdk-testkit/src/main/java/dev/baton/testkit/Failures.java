package dev.baton.testkit;

import dev.baton.BatonException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Scripted failures: each queued exception is thrown by the next call, once (like
 * MockProducer.errorNext).
 */
final class Failures {
  private final Deque<BatonException> queue = new ArrayDeque<>();

  synchronized void add(BatonException e) {
    queue.add(e);
  }

  synchronized void throwIfScripted() {
    BatonException e = queue.poll();
    if (e != null) {
      throw e;
    }
  }
}
