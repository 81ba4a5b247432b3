package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.LeaseLostException;
import dev.baton.spi.Lease;
import dev.baton.spi.LeaseKey;
import dev.baton.spi.LeaseStore;
import dev.baton.spi.LeaseWaiter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LeaseStore} must show, as an abstract JUnit 5 suite. A provider's test
 * extends it and supplies the store (it may hold keys of earlier tests: every test uses keys of its
 * own):
 *
 * <pre>{@code
 * class MyLeaseStoreContractTest extends LeaseStoreContract {
 *   protected LeaseStore store() { return new MyLeaseStore(...); }
 * }
 * }</pre>
 *
 * <p>Expiry is tested in real time with leases of {@link #shortTtl()}, so a store whose clock ticks
 * coarsely can lengthen it.
 */
public abstract class LeaseStoreContract {
  private static final Duration LONG = Duration.ofMinutes(5);
  private static final int RACERS = 8;

  /** For subclasses. */
  protected LeaseStoreContract() {}

  /**
   * The store under test; called at the start of every test.
   *
   * @return the store
   */
  protected abstract LeaseStore store();

  /**
   * @return a time to live short enough to wait out in a test; 400 ms unless overridden
   */
  protected Duration shortTtl() {
    return Duration.ofMillis(400);
  }

  // ---- acquire / release ---------------------------------------------------------------------

  /** A free key is granted with a positive token; the store then names its holder. */
  @Test
  public void tryAcquire_whenFree_grantsAndNamesHolder() {
    Fixture f = new Fixture();

    Lease lease = f.take("owner-a", LONG);

    assertThat(lease.key()).isEqualTo(f.key);
    assertThat(lease.owner()).isEqualTo("owner-a");
    assertThat(lease.token()).isPositive();
    f.assertHeldBy(lease);
  }

  /** A held key is not granted to anyone else, and its holder stays. */
  @Test
  public void tryAcquire_whenHeld_isEmpty() {
    Fixture f = new Fixture();
    Lease first = f.take("owner-a", LONG);

    assertThat(f.tryAcquire("owner-b", LONG)).isEmpty();
    assertThat(f.tryAcquire("owner-a", LONG)).isEmpty();
    f.assertHeldBy(first);
  }

  /**
   * After a release the key is free, its next grant has a greater token, and the released lease
   * cannot be renewed.
   */
  @Test
  public void release_freesKey_nextTokenIsGreater_andReleasedLeaseIsLost() {
    Fixture f = new Fixture();
    Lease first = f.take("owner-a", LONG);

    f.store.release(first);

    assertThat(f.holder()).isEmpty();
    Lease second = f.take("owner-b", LONG);
    assertThat(second.token()).isGreaterThan(first.token());
    assertThatThrownBy(() -> f.store.renew(first, LONG)).isInstanceOf(LeaseLostException.class);
    f.assertHeldBy(second);
  }

  /** Keys are independent. */
  @Test
  public void tryAcquire_whenAnotherKeyIsHeld_grants() {
    Fixture f = new Fixture();
    f.take("owner-a", LONG);

    assertThat(f.store.tryAcquire(newKey(), "owner-b", LONG)).isPresent();
  }

  /**
   * An expired lease lets the key go to someone else with a greater token; the old holder can then
   * neither renew nor release it.
   *
   * @throws InterruptedException if interrupted while waiting out the lease
   */
  @Test
  public void tryAcquire_whenExpired_grantsNewerToken_andFencesOldHolder()
      throws InterruptedException {
    Fixture f = new Fixture();
    Lease old = f.take("owner-a", shortTtl());

    waitOut(shortTtl());

    assertThat(f.holder()).isEmpty();
    Lease next = f.take("owner-b", LONG);
    assertThat(next.token()).isGreaterThan(old.token());
    assertThatThrownBy(() -> f.store.renew(old, LONG)).isInstanceOf(LeaseLostException.class);
    f.store.release(old);
    f.assertHeldBy(next);
  }

  /**
   * A renewed lease lasts longer: it outlives its first time to live.
   *
   * @throws InterruptedException if interrupted while waiting out the first time to live
   */
  @Test
  public void renew_extendsExpiry() throws InterruptedException {
    Fixture f = new Fixture();
    Lease lease = f.take("owner-a", shortTtl());

    Lease renewed = f.store.renew(lease, LONG);
    waitOut(shortTtl());

    assertThat(renewed.token()).isEqualTo(lease.token());
    assertThat(renewed.expiresAt()).isAfter(lease.expiresAt());
    assertThat(f.tryAcquire("owner-b", LONG)).isEmpty();
    f.assertHeldBy(renewed);
  }

  /**
   * Of racers taking one free key at once, exactly one wins.
   *
   * @throws Exception if a racer does not finish
   */
  @Test
  public void tryAcquire_whenConcurrent_grantsExactlyOne() throws Exception {
    Fixture f = new Fixture();
    List<Optional<Lease>> results =
        Racers.race(RACERS, 60, TimeUnit.SECONDS, i -> () -> f.tryAcquire("owner-" + i, LONG));

    assertThat(results.stream().filter(Optional::isPresent)).hasSize(1);
    Lease winner = results.stream().flatMap(Optional::stream).findFirst().orElseThrow();
    f.assertHeldBy(winner);
  }

  /**
   * Tokens grow across many grants, whoever takes the key.
   *
   * @throws Exception if a racer does not finish
   */
  @Test
  public void tokens_whenTakenInTurnByRacers_areDistinctAndGrowing() throws Exception {
    Fixture f = new Fixture();
    List<List<Long>> tokens =
        Racers.race(
            4,
            60,
            TimeUnit.SECONDS,
            i ->
                () -> {
                  List<Long> mine = new java.util.ArrayList<>();
                  while (mine.size() < 5) {
                    Optional<Lease> l = f.tryAcquire("owner-" + i, LONG);
                    if (l.isPresent()) {
                      mine.add(l.get().token());
                      f.store.release(l.get());
                    }
                  }
                  return mine;
                });

    List<Long> all = tokens.stream().flatMap(List::stream).toList();
    assertThat(all).hasSize(20).doesNotHaveDuplicates();
    for (List<Long> mine : tokens) {
      assertThat(mine).isSorted();
    }
  }

  // ---- queue ---------------------------------------------------------------------------------

  /** Waiters get growing tickets and are listed by ticket; one that leaves is gone. */
  @Test
  public void queue_listsWaitersByTicket_andLeaveRemoves() {
    Fixture f = new Fixture();
    CommitSha commit = newCommit();
    LeaseWaiter a = f.join("owner-a", Optional.of(commit), LONG);
    LeaseWaiter b = f.join("owner-b", Optional.empty(), LONG);
    LeaseWaiter c = f.join("owner-c", Optional.of(newCommit()), LONG);

    assertThat(b.ticket()).isGreaterThan(a.ticket());
    assertThat(c.ticket()).isGreaterThan(b.ticket());
    List<LeaseWaiter> queue = f.store.queue(b, LONG);
    assertThat(queue)
        .extracting(LeaseWaiter::owner)
        .containsExactly("owner-a", "owner-b", "owner-c");
    assertThat(queue.get(0).commit()).contains(commit);
    assertThat(queue.get(1).commit()).isEmpty();

    f.store.leave(a);
    f.store.leave(a);

    assertThat(f.store.queue(b, LONG))
        .extracting(LeaseWaiter::owner)
        .containsExactly("owner-b", "owner-c");
    assertThat(f.store.queue(c, LONG))
        .extracting(LeaseWaiter::ticket)
        .containsExactly(b.ticket(), c.ticket());
  }

  /**
   * A waiter that stops refreshing drops out; one that refreshes stays, and a lapsed waiter that
   * refreshes comes back with its ticket.
   *
   * @throws InterruptedException if interrupted while waiting out the entries
   */
  @Test
  public void queue_dropsLapsedWaiters_andRestoresARefreshingOne() throws InterruptedException {
    Fixture f = new Fixture();
    LeaseWaiter quiet = f.join("owner-quiet", Optional.empty(), shortTtl());
    LeaseWaiter lively = f.join("owner-lively", Optional.empty(), shortTtl());

    waitOut(shortTtl());

    List<LeaseWaiter> queue = f.store.queue(lively, LONG);
    assertThat(queue).extracting(LeaseWaiter::owner).containsExactly("owner-lively");
    assertThat(f.store.queue(quiet, LONG))
        .extracting(LeaseWaiter::owner, LeaseWaiter::ticket)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("owner-quiet", quiet.ticket()),
            org.assertj.core.groups.Tuple.tuple("owner-lively", lively.ticket()));
  }

  /**
   * Racers joining one queue at once get distinct tickets.
   *
   * @throws Exception if a racer does not finish
   */
  @Test
  public void join_whenConcurrent_givesDistinctTickets() throws Exception {
    Fixture f = new Fixture();
    List<LeaseWaiter> waiters =
        Racers.race(
            RACERS, 60, TimeUnit.SECONDS, i -> () -> f.join("owner-" + i, Optional.empty(), LONG));

    assertThat(waiters).extracting(LeaseWaiter::ticket).doesNotHaveDuplicates();
    assertThat(f.store.queue(waiters.get(0), LONG)).hasSize(RACERS);
  }

  // ---- helpers -------------------------------------------------------------------------------

  /**
   * One test's store and key of its own, taken from the hooks when the test creates it, with the
   * steps and checks the cases share.
   */
  private final class Fixture {
    final LeaseStore store = store();
    final LeaseKey key = newKey();

    /** Asks for this key for the owner. */
    Optional<Lease> tryAcquire(String owner, Duration ttl) {
      return store.tryAcquire(key, owner, ttl);
    }

    /** Takes this key for the owner, which must be granted. */
    Lease take(String owner, Duration ttl) {
      return tryAcquire(owner, ttl).orElseThrow();
    }

    /** Joins this key's queue for the owner. */
    LeaseWaiter join(String owner, Optional<CommitSha> commit, Duration ttl) {
      return store.join(key, owner, commit, ttl);
    }

    /** {@return the store's holder of this key} */
    Optional<Lease> holder() {
      return store.holder(key);
    }

    /** The store names the lease as this key's holder: the same owner, token and key. */
    void assertHeldBy(Lease expected) {
      assertThat(holder())
          .hasValueSatisfying(
              actual -> {
                assertThat(actual.owner()).isEqualTo(expected.owner());
                assertThat(actual.token()).isEqualTo(expected.token());
                assertThat(actual.key()).isEqualTo(expected.key());
              });
    }
  }

  /** Sleeps past a time to live, with a margin for the store's clock. */
  private static void waitOut(Duration ttl) throws InterruptedException {
    Thread.sleep(ttl.toMillis() * 2 + 100);
  }

  /**
   * @return a key no other test uses
   */
  protected static LeaseKey newKey() {
    return new LeaseKey("target/contract-" + Randoms.hex(8));
  }

  /**
   * @return a random commit
   */
  protected static CommitSha newCommit() {
    return Randoms.commit();
  }
}
