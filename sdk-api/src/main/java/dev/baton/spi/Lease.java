package dev.baton.spi;

import dev.baton.internal.Numbers;
import java.time.Instant;
import java.util.Objects;

/**
 * A held lease: the right to change what {@link #key()} names until {@link #expiresAt()}, unless
 * renewed. The {@linkplain #token() fencing token} grows with every grant of the key, so a writer
 * that lost its lease (it was paused past its expiry and someone else took the key) is recognised
 * by its older token and refused.
 *
 * @param key what is held
 * @param owner who holds it: unique per acquisition
 * @param token the fencing token, at least 1, greater than every earlier grant of the key
 * @param expiresAt when the lease lapses unless renewed, in the store's clock
 */
public record Lease(LeaseKey key, String owner, long token, Instant expiresAt) {
  /**
   * Checks nothing is null and the token is positive.
   *
   * @param key what is held
   * @param owner who holds it
   * @param token the fencing token
   * @param expiresAt when the lease lapses
   */
  public Lease {
    Objects.requireNonNull(key, "key");
    Owners.check(owner);
    Objects.requireNonNull(expiresAt, "expiresAt");
    Numbers.positive(token, "fencing token");
  }
}
