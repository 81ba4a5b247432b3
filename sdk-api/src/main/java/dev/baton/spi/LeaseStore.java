package dev.baton.spi;

import dev.baton.CommitSha;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Leases with fencing tokens, and a queue of waiters per key, kept where every process of a flow
 * can reach them: the primitive that serialises deploys of one environment across CI jobs and
 * machines. The in-memory default is {@link dev.baton.InMemoryLeaseStore} (one process); sdk-aws
 * has one on DynamoDB and sdk-jdbc one on PostgreSQL.
 *
 * <p>Every method is one atomic step of the store (a conditional write, a transaction); the
 * waiting, renewing and queue policy are the pipeline's, built on these steps, so every store
 * behaves alike. Times are the store's: expiry is judged by the store's clock (a database's own
 * clock, or the writer's clock for DynamoDB, where clocks must agree to well within a lease's time
 * to live). Implementations are safe for concurrent use. {@code LeaseStoreContract} in sdk-testkit
 * is the behaviour every implementation must show.
 */
public interface LeaseStore {
  /**
   * Takes the key if nobody holds it or its holder's lease has expired. Each grant has a fencing
   * token greater than every earlier grant of the key, released or expired.
   *
   * @param key what to take
   * @param owner who takes it, unique per acquisition
   * @param ttl how long the lease lasts unless renewed
   * @return the lease, or empty when someone else holds the key
   */
  Optional<Lease> tryAcquire(LeaseKey key, String owner, Duration ttl);

  /**
   * Extends a lease that is still this holder's (same owner and token), even if its time ran out
   * while nobody else took the key.
   *
   * @param lease the lease held
   * @param ttl the new time to live, from now
   * @return the lease with its new expiry
   * @throws dev.baton.LeaseLostException when the key was granted to someone else since
   */
  Lease renew(Lease lease, Duration ttl);

  /**
   * Gives the key up if this lease still holds it; otherwise does nothing.
   *
   * @param lease the lease held
   */
  void release(Lease lease);

  /**
   * @param key a key
   * @return its holder's lease, if one holds it and has not expired
   */
  Optional<Lease> holder(LeaseKey key);

  /**
   * Joins the key's queue with a ticket greater than every earlier waiter's.
   *
   * @param key the key to wait for
   * @param owner who waits, unique per acquisition
   * @param commit the commit the waiting run would deploy; empty for a destroy
   * @param ttl how long the entry lasts unless refreshed
   * @return the entry
   */
  LeaseWaiter join(LeaseKey key, String owner, Optional<CommitSha> commit, Duration ttl);

  /**
   * Refreshes a waiter's entry (adding it again, with its ticket, if it lapsed) and lists the key's
   * waiters whose entries have not expired.
   *
   * @param waiter an entry from {@link #join}
   * @param ttl the entry's new time to live, from now
   * @return the key's live waiters, this one included, by ticket
   */
  List<LeaseWaiter> queue(LeaseWaiter waiter, Duration ttl);

  /**
   * Leaves the queue; does nothing if the entry is gone.
   *
   * @param waiter an entry from {@link #join}
   */
  void leave(LeaseWaiter waiter);
}
