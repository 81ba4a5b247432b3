package dev.baton;

import dev.baton.internal.Durations;
import dev.baton.spi.Lease;
import dev.baton.spi.LeaseKey;
import dev.baton.spi.LeaseStore;
import dev.baton.spi.LeaseWaiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The default {@link LeaseStore}: in this process's memory, so it serialises the runs of one
 * process only. Use a shared store (DynamoDB in sdk-aws, PostgreSQL in sdk-jdbc) when several
 * processes or machines deploy the same environments. Safe for concurrent use.
 */
public final class InMemoryLeaseStore implements LeaseStore {
  private final Clock clock;
  private final Map<LeaseKey, Slot> slots = new HashMap<>();

  /** A key's state: its newest token and ticket, its holder, its waiters. */
  private static final class Slot {
    long lastToken;
    long lastTicket;
    Lease holder;
    final Map<String, LeaseWaiter> waiters = new HashMap<>();
  }

  /** A store on the system clock. */
  public InMemoryLeaseStore() {
    this(Clock.systemUTC());
  }

  /**
   * @param clock the clock that judges expiry
   */
  public InMemoryLeaseStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private Slot slot(LeaseKey key) {
    return slots.computeIfAbsent(Objects.requireNonNull(key, "key"), k -> new Slot());
  }

  private Instant expiry(Duration ttl) {
    return clock.instant().plus(Durations.positive(ttl, "ttl"));
  }

  private boolean live(Instant expiresAt) {
    return expiresAt.isAfter(clock.instant());
  }

  @Override
  public synchronized Optional<Lease> tryAcquire(LeaseKey key, String owner, Duration ttl) {
    Slot s = slot(key);
    if (s.holder != null && live(s.holder.expiresAt())) {
      return Optional.empty();
    }
    s.holder = new Lease(key, owner, ++s.lastToken, expiry(ttl));
    return Optional.of(s.holder);
  }

  @Override
  public synchronized Lease renew(Lease lease, Duration ttl) {
    Slot s = slot(lease.key());
    if (s.holder == null
        || s.holder.token() != lease.token()
        || !s.holder.owner().equals(lease.owner())) {
      throw new LeaseLostException(lease);
    }
    s.holder = new Lease(lease.key(), lease.owner(), lease.token(), expiry(ttl));
    return s.holder;
  }

  @Override
  public synchronized void release(Lease lease) {
    Slot s = slot(lease.key());
    if (s.holder != null && s.holder.token() == lease.token()) {
      s.holder = null;
    }
  }

  @Override
  public synchronized Optional<Lease> holder(LeaseKey key) {
    Slot s = slot(key);
    return s.holder != null && live(s.holder.expiresAt())
        ? Optional.of(s.holder)
        : Optional.empty();
  }

  @Override
  public synchronized LeaseWaiter join(
      LeaseKey key, String owner, Optional<CommitSha> commit, Duration ttl) {
    Slot s = slot(key);
    LeaseWaiter w = new LeaseWaiter(key, owner, commit, ++s.lastTicket, expiry(ttl));
    s.waiters.put(owner, w);
    return w;
  }

  @Override
  public synchronized List<LeaseWaiter> queue(LeaseWaiter waiter, Duration ttl) {
    Slot s = slot(waiter.key());
    s.waiters.put(
        waiter.owner(),
        new LeaseWaiter(
            waiter.key(), waiter.owner(), waiter.commit(), waiter.ticket(), expiry(ttl)));
    s.waiters.values().removeIf(w -> !live(w.expiresAt()));
    List<LeaseWaiter> out = new ArrayList<>(s.waiters.values());
    out.sort(Comparator.comparingLong(LeaseWaiter::ticket));
    return out;
  }

  @Override
  public synchronized void leave(LeaseWaiter waiter) {
    Slot s = slot(waiter.key());
    s.waiters.remove(waiter.owner());
    if (s.holder == null && s.waiters.isEmpty() && s.lastToken == 0) {
      slots.remove(waiter.key());
    }
  }

  @Override
  public synchronized String toString() {
    return "InMemoryLeaseStore[" + slots.size() + " keys]";
  }
}
