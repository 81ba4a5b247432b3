package dev.baton;

import dev.baton.internal.DaemonTimer;
import dev.baton.internal.retry.Waits;
import dev.baton.spi.CommitHistory;
import dev.baton.spi.CommitOrder;
import dev.baton.spi.Lease;
import dev.baton.spi.LeaseKey;
import dev.baton.spi.LeaseStore;
import dev.baton.spi.LeaseWaiter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The waiting, queueing and renewing built on a {@link LeaseStore}'s atomic steps, the same for
 * every store: join the key's queue, give way in {@link QueueMode#SUPERSEDE} mode when a newer
 * commit waits, take the lease when first in line, renew it while the work runs, and give it up.
 */
final class LeaseCoordinator {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseCoordinator.class);

  /** One daemon thread renews every lease of the process; renewals are short store calls. */
  private static final ScheduledExecutorService RENEWALS =
      DaemonTimer.create("baton-lease-renewal");

  private final LeaseStore store;
  private final CommitHistory history;
  private final Duration ttl;
  private final Duration wait;
  private final Duration poll;
  private final Waits waits;
  private final Clock clock;

  /**
   * @param ttl how long a lease and a queue entry last unless renewed
   * @param wait how long to wait for a lease before giving up
   * @param poll how often a waiter looks at the queue again (jittered down to half)
   */
  LeaseCoordinator(
      LeaseStore store,
      CommitHistory history,
      Duration ttl,
      Duration wait,
      Duration poll,
      Waits waits,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.history = Objects.requireNonNull(history, "history");
    this.ttl = ttl;
    this.wait = wait;
    this.poll = poll;
    this.waits = waits;
    this.clock = clock;
  }

  LeaseStore store() {
    return store;
  }

  CommitHistory history() {
    return history;
  }

  /**
   * Waits for the key in its queue and takes it.
   *
   * @param key what to take
   * @param subject what it serialises, named in messages (a deployment target, a tag)
   * @param commit what the run would deploy; empty for a destroy
   * @param mode how waiters take turns
   * @param progress receives a line whenever what the run waits for changes
   * @return the held lease, renewed until closed
   * @throws SupersededException when a newer commit waits in {@link QueueMode#SUPERSEDE} mode
   * @throws OperationTimeoutException when the lease was not obtained in time
   * @throws OperationCancelledException when the thread is interrupted while waiting
   */
  Held acquire(
      LeaseKey key,
      String subject,
      Optional<CommitSha> commit,
      QueueMode mode,
      Consumer<String> progress) {
    String owner = Process.NAME + "/" + UUID.randomUUID().toString().substring(0, 8);
    long started = System.nanoTime();
    LeaseWaiter me = store.join(key, owner, commit, ttl);
    String said = "";
    try {
      while (true) {
        List<LeaseWaiter> queue = store.queue(me, ttl);
        if (mode == QueueMode.SUPERSEDE && commit.isPresent()) {
          for (LeaseWaiter other : queue) {
            if (other.commit().isPresent()
                && !other.owner().equals(owner)
                && history.compare(commit.get(), other.commit().get()) == CommitOrder.OLDER) {
              throw new SupersededException(subject, commit.get(), other.commit().get());
            }
          }
        }
        int ahead = 0;
        for (LeaseWaiter other : queue) {
          if (other.ticket() < me.ticket()) {
            ahead++;
          }
        }
        if (ahead == 0) {
          Optional<Lease> lease = store.tryAcquire(key, owner, ttl);
          if (lease.isPresent()) {
            return new Held(lease.get());
          }
        }
        Optional<Lease> holder = store.holder(key);
        String now =
            "waiting for "
                + key
                + ": "
                + holder.map(h -> "held by " + h.owner() + " until " + h.expiresAt()).orElse("free")
                + (ahead == 0 ? "" : ", " + ahead + " run(s) ahead");
        if (!now.equals(said)) {
          progress.accept(now);
          said = now;
        }
        if (System.nanoTime() - started >= wait.toNanos()) {
          throw new OperationTimeoutException(
              "did not obtain the lease on " + key + "; " + now,
              "another run is changing "
                  + subject
                  + "; wait for it, or allow a longer wait (coordination.lease-wait)",
              wait,
              null);
        }
        long pollMillis = poll.toMillis();
        try {
          waits
              .sleeper()
              .sleep(Duration.ofMillis(pollMillis / 2 + waits.random().upTo(pollMillis / 2)));
        } catch (InterruptedException e) {
          throw OperationCancelledException.interrupted("waiting for the lease on " + key, e);
        }
      }
    } finally {
      try {
        store.leave(me);
      } catch (RuntimeException e) {
        LOG.warn("could not leave the queue of {}; the entry lapses after {}", key, ttl, e);
      }
    }
  }

  /**
   * Takes the key at once if nobody holds it and no run waits for it; never waits and never makes a
   * waiting run give way. For work that can as well be done next time (the preview sweeper).
   *
   * @param key what to take
   * @return the held lease, renewed until closed; empty when another run holds or waits for it
   */
  Optional<Held> tryAcquireNow(LeaseKey key) {
    String owner = Process.NAME + "/" + UUID.randomUUID().toString().substring(0, 8);
    LeaseWaiter me = store.join(key, owner, Optional.empty(), ttl);
    try {
      for (LeaseWaiter other : store.queue(me, ttl)) {
        if (other.ticket() < me.ticket()) {
          return Optional.empty();
        }
      }
      return store.tryAcquire(key, owner, ttl).map(Held::new);
    } finally {
      try {
        store.leave(me);
      } catch (RuntimeException e) {
        LOG.warn("could not leave the queue of {}; the entry lapses after {}", key, ttl, e);
      }
    }
  }

  /** A lease this process holds, renewed in the background until closed. */
  final class Held implements AutoCloseable {
    private volatile Lease lease;
    private volatile boolean lost;
    private final java.util.concurrent.atomic.AtomicBoolean closed =
        new java.util.concurrent.atomic.AtomicBoolean();
    private final ScheduledFuture<?> renewal;

    private Held(Lease lease) {
      this.lease = lease;
      long every = Math.max(1, ttl.toMillis() / 3);
      this.renewal =
          RENEWALS.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void renew() {
      if (lost) {
        return;
      }
      Lease held = lease;
      try {
        lease = store.renew(held, ttl);
      } catch (LeaseLostException e) {
        lost = true;
        LOG.warn("lost the lease on {} (token {})", held.key(), held.token());
      } catch (RuntimeException e) {
        if (!clock.instant().isBefore(held.expiresAt())) {
          lost = true;
        }
        LOG.warn("could not renew the lease on {}; trying again", held.key(), e);
      }
    }

    /** {@return the fencing token of the lease} */
    long token() {
      return lease.token();
    }

    /**
     * @throws LeaseLostException when the lease could not be renewed and was lost
     */
    void check() {
      if (lost) {
        throw new LeaseLostException(lease);
      }
    }

    /**
     * Stops renewing and gives the lease up (once; closing again does nothing), even on an
     * interrupted thread (the interrupt is cleared for the store's call and restored after it); a
     * lease that cannot be given up lapses after its time to live.
     */
    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      renewal.cancel(false);
      boolean interrupted = Thread.interrupted();
      try {
        store.release(lease);
      } catch (RuntimeException e) {
        LOG.warn("could not release the lease on {}; it lapses after {}", lease.key(), ttl, e);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /**
   * This process's name in lease owners, worked out on the first acquisition rather than when a
   * pipeline is built: the host name lookup may wait for DNS, which a command that takes no lease
   * (a plan, a status) should never pay for.
   */
  private static final class Process {
    static final String NAME = processName();
  }

  private static String processName() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException | SecurityException e) {
      host = "localhost";
    }
    String name = host + "/" + ProcessHandle.current().pid();
    return name.length() > 150 ? name.substring(0, 150) : name;
  }
}
