package dev.baton.github;

import dev.baton.CommitSha;
import dev.baton.spi.CommitOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The answers of a {@link dev.baton.spi.CommitHistory}, kept because commits never change: how two
 * commits relate is the same on every later ask. Each answer is kept for both orders of the pair,
 * as two entries; past {@code capacity} entries the least recently used is dropped. {@link
 * CommitOrder#UNKNOWN} is never kept, since a commit missing now may be fetched or pushed later.
 * Safe for concurrent use; the lookup itself runs outside the lock.
 */
final class CommitOrderCache {
  private record Pair(CommitSha a, CommitSha b) {}

  private final int capacity;
  private final Map<Pair, CommitOrder> answers;

  /**
   * @param capacity the most entries kept, at least 2 (one answer, both ways)
   */
  CommitOrderCache(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("cache size must be at least 2, got " + capacity);
    }
    this.capacity = capacity;
    this.answers =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Pair, CommitOrder> eldest) {
            return size() > CommitOrderCache.this.capacity;
          }
        };
  }

  /**
   * @param a a commit
   * @param b another commit
   * @param lookUp asks the source how {@code a} relates to {@code b} when the pair is not kept
   * @return how {@code a} relates to {@code b}
   */
  CommitOrder compare(
      CommitSha a, CommitSha b, BiFunction<CommitSha, CommitSha, CommitOrder> lookUp) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a.equals(b)) {
      return CommitOrder.SAME;
    }
    synchronized (this) {
      CommitOrder kept = answers.get(new Pair(a, b));
      if (kept != null) {
        return kept;
      }
    }
    CommitOrder answer = lookUp.apply(a, b);
    if (answer != CommitOrder.UNKNOWN) {
      synchronized (this) {
        answers.put(new Pair(a, b), answer);
        answers.put(new Pair(b, a), inverse(answer));
      }
    }
    return answer;
  }

  /** {@return how many ordered pairs are kept} */
  synchronized int size() {
    return answers.size();
  }

  private static CommitOrder inverse(CommitOrder order) {
    return switch (order) {
      case OLDER -> CommitOrder.NEWER;
      case NEWER -> CommitOrder.OLDER;
      default -> order;
    };
  }
}
