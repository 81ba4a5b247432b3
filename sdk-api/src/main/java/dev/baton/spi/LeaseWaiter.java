package dev.baton.spi;

import dev.baton.CommitSha;
import dev.baton.internal.Numbers;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One run waiting in a key's queue. Waiters are ordered by {@link #ticket()}, which the store
 * assigns in arrival order; a waiter that stops refreshing its entry drops out after {@link
 * #expiresAt()}.
 *
 * @param key the key waited for
 * @param owner who waits: unique per acquisition
 * @param commit the commit the waiting run would deploy (what {@code supersede} compares); empty
 *     for a destroy
 * @param ticket the place in the queue, at least 1, greater than every earlier waiter's of the key
 * @param expiresAt when the entry lapses unless refreshed, in the store's clock
 */
public record LeaseWaiter(
    LeaseKey key, String owner, Optional<CommitSha> commit, long ticket, Instant expiresAt) {
  /**
   * Checks nothing is null and the ticket is positive.
   *
   * @param key the key waited for
   * @param owner who waits
   * @param commit the commit the waiting run would deploy; empty for a destroy
   * @param ticket the place in the queue
   * @param expiresAt when the entry lapses
   */
  public LeaseWaiter {
    Objects.requireNonNull(key, "key");
    Owners.check(owner);
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Numbers.positive(ticket, "queue ticket");
  }
}
