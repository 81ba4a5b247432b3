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
    LeaseStore store = store();
    LeaseKey key = newKey();

    Lease lease = store.tryAcquire(key, "owner-a", LONG).orElseThrow();

    assertThat(lease.key()).isEqualTo(key);
    assertThat(lease.owner()).isEqualTo("owner-a");
    assertThat(lease.token()).isPositive();
    assertThat(store.holder(key)).hasValueSatisfying(h -> assertSame(h, lease));
  }

  /** A held key is not granted to anyone else, and its holder stays. */
  @Test
  public void tryAcquire_whenHeld_isEmpty() {
    LeaseStore store = store();
    LeaseKey key = newKey();
    Lease first = store.tryAcquire(key, "owner-a", LONG).orElseThrow();

    assertThat(store.tryAcquire(key, "owner-b", LONG)).isEmpty();
    assertThat(store.tryAcquire(key, "owner-a", LONG)).isEmpty();
    assertThat(store.holder(key)).hasValueSatisfying(h -> assertSame(h, first));
  }

  /** After a release the key is free, and its next grant has a greater token. */
  @Test
  public void release_freesKey_andNextTokenIsGreater() {
    LeaseStore store = store();
    LeaseKey key = newKey();
    Lease first = store.tryAcquire(key, "owner-a", LONG).orElseThrow();

    store.release(first);

    assertThat(store.holder(key)).isEmpty();
    Lease second = store.tryAcquire(key, "owner-b", LONG).orElseThrow();
    assertThat(second.token()).isGreaterThan(first.token());
  }

  /** Keys are independent. */
  @Test
  public void tryAcquire_whenAnotherKeyIsHeld_grants() {
    LeaseStore store = store();
    store.tryAcquire(newKey(), "owner-a", LONG).orElseThrow();

    assertThat(store.tryAcquire(newKey(), "owner-b", LONG)).isPresent();
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
    LeaseStore store = store();
    LeaseKey key = newKey();
    Lease old = store.tryAcquire(key, "owner-a", shortTtl()).orElseThrow();

    waitOut(shortTtl());

    assertThat(store.holder(key)).isEmpty();
    Lease next = store.tryAcquire(key, "owner-b", LONG).orElseThrow();
    assertThat(next.token()).isGreaterThan(old.token());
    assertThatThrownBy(() -> store.renew(old, LONG)).isInstanceOf(LeaseLostException.class);
    store.release(old);
    assertThat(store.holder(key)).hasValueSatisfying(h -> assertSame(h, next));
  }

  /**
   * A renewed lease lasts longer: it outlives its first time to live.
   *
   * @throws InterruptedException if interrupted while waiting out the first time to live
   */
  @Test
  public void renew_extendsExpiry() throws InterruptedException {
    LeaseStore store = store();
    LeaseKey key = newKey();
    Lease lease = store.tryAcquire(key, "owner-a", shortTtl()).orElseThrow();

    Lease renewed = store.renew(lease, LONG);
    waitOut(shortTtl());

    assertThat(renewed.token()).isEqualTo(lease.token());
    assertThat(renewed.expiresAt()).isAfter(lease.expiresAt());
    assertThat(store.tryAcquire(key, "owner-b", LONG)).isEmpty();
    assertThat(store.holder(key)).hasValueSatisfying(h -> assertSame(h, renewed));
  }

  /** A released lease cannot be renewed. */
  @Test
  public void renew_whenReleased_isLost() {
    LeaseStore store = store();
    Lease lease = store.tryAcquire(newKey(), "owner-a", LONG).orElseThrow();
    store.release(lease);
    Lease taken = store.tryAcquire(lease.key(), "owner-b", LONG).orElseThrow();

    assertThatThrownBy(() -> store.renew(lease, LONG)).isInstanceOf(LeaseLostException.class);
    assertThat(store.holder(lease.key())).hasValueSatisfying(h -> assertSame(h, taken));
  }

  /**
   * Of racers taking one free key at once, exactly one wins.
   *
   * @throws Exception if a racer does not finish
   */
  @Test
  public void tryAcquire_whenConcurrent_grantsExactlyOne() throws Exception {
    LeaseStore store = store();
    LeaseKey key = newKey();
    List<Optional<Lease>> results =
        Racers.race(
            RACERS, 60, TimeUnit.SECONDS, i -> () -> store.tryAcquire(key, "owner-" + i, LONG));

    assertThat(results.stream().filter(Optional::isPresent)).hasSize(1);
    Lease winner = results.stream().flatMap(Optional::stream).findFirst().orElseThrow();
    assertThat(store.holder(key)).hasValueSatisfying(h -> assertSame(h, winner));
  }

  /**
   * Tokens grow across many grants, whoever takes the key.
   *
   * @throws Exception if a racer does not finish
   */
  @Test
  public void tokens_whenTakenInTurnByRacers_areDistinctAndGrowing() throws Exception {
    LeaseStore store = store();
    LeaseKey key = newKey();
    List<List<Long>> tokens =
        Racers.race(
            4,
            60,
            TimeUnit.SECONDS,
            i ->
                () -> {
                  List<Long> mine = new java.util.ArrayList<>();
                  while (mine.size() < 5) {
                    Optional<Lease> l = store.tryAcquire(key, "owner-" + i, LONG);
                    if (l.isPresent()) {
                      mine.add(l.get().token());
                      store.release(l.get());
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
    LeaseStore store = store();
    LeaseKey key = newKey();
    CommitSha commit = newCommit();
    LeaseWaiter a = store.join(key, "owner-a", Optional.of(commit), LONG);
    LeaseWaiter b = store.join(key, "owner-b", Optional.empty(), LONG);
    LeaseWaiter c = store.join(key, "owner-c", Optional.of(newCommit()), LONG);

    assertThat(b.ticket()).isGreaterThan(a.ticket());
    assertThat(c.ticket()).isGreaterThan(b.ticket());
    List<LeaseWaiter> queue = store.queue(b, LONG);
    assertThat(queue)
        .extracting(LeaseWaiter::owner)
        .containsExactly("owner-a", "owner-b", "owner-c");
    assertThat(queue.get(0).commit()).contains(commit);
    assertThat(queue.get(1).commit()).isEmpty();

    store.leave(a);
    store.leave(a);

    assertThat(store.queue(b, LONG))
        .extracting(LeaseWaiter::owner)
        .containsExactly("owner-b", "owner-c");
    assertThat(store.queue(c, LONG))
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
    LeaseStore store = store();
    LeaseKey key = newKey();
    LeaseWaiter quiet = store.join(key, "owner-quiet", Optional.empty(), shortTtl());
    LeaseWaiter lively = store.join(key, "owner-lively", Optional.empty(), shortTtl());

    waitOut(shortTtl());

    List<LeaseWaiter> queue = store.queue(lively, LONG);
    assertThat(queue).extracting(LeaseWaiter::owner).containsExactly("owner-lively");
    assertThat(store.queue(quiet, LONG))
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
    LeaseStore store = store();
    LeaseKey key = newKey();
    List<LeaseWaiter> waiters =
        Racers.race(
            RACERS,
            60,
            TimeUnit.SECONDS,
            i -> () -> store.join(key, "owner-" + i, Optional.empty(), LONG));

    assertThat(waiters).extracting(LeaseWaiter::ticket).doesNotHaveDuplicates();
    assertThat(store.queue(waiters.get(0), LONG)).hasSize(RACERS);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static void assertSame(Lease actual, Lease expected) {
    assertThat(actual.owner()).isEqualTo(expected.owner());
    assertThat(actual.token()).isEqualTo(expected.token());
    assertThat(actual.key()).isEqualTo(expected.key());
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
