package dev.baton.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AccessDeniedException;
import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.aws.fake.TestImages;
import dev.baton.testkit.Latches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Lookups of one repository that arrive while a {@code BatchGetImage} is under way go together in
 * the next call, at most 100 image ids each, and every caller still gets its own answer. The first
 * call is held at the endpoint until the others are queued, so the batches are known in advance.
 */
class EcrBatchedLookupsTest extends EcrTestCase {
  private static final int QUEUED = 250;

  @Test
  void currentDigest_whileACallIsUnderWay_queuedLookupsShareCallsOfAtMost100Ids() throws Exception {
    Digest image = ecr.push(REPO, "sha-1", TestImages.ociImage());
    for (int i = 0; i < QUEUED; i += 2) {
      ecr.push(REPO, "t" + i, TestImages.ociImage()); // odd tags stay missing
    }
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ecr.beforeNextBatchGetImage(
        () -> {
          arrived.countDown();
          Latches.await(
              release, Duration.ofSeconds(10), "the held BatchGetImage was never released");
        });
    ExecutorService pool = Executors.newFixedThreadPool(QUEUED + 1);
    try {
      Queued q = queueBehindHeldCall(pool, arrived, release, QUEUED, "t");
      Future<Optional<Digest>> first = q.first();
      List<Future<Optional<Digest>>> queued = q.behind();

      assertThat(first.get(10, TimeUnit.SECONDS)).contains(image);
      for (int i = 0; i < QUEUED; i++) {
        Optional<Digest> expected = ecr.digestOf(REPO, "t" + i).map(Digest::parse);
        assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).as("t%d", i).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(ecr.calls("BatchGetImage"))
        .extracting(c -> c.body().path("imageIds").size())
        .containsExactly(1, 100, 100, 50);
  }

  @Test
  void currentDigest_whenTheSharedCallFails_eachLookupFailsNamingItsOwnReference()
      throws Exception {
    ecr.push(REPO, "sha-1", TestImages.ociImage());
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ecr.beforeNextBatchGetImage(
        () -> {
          ecr.failNext("BatchGetImage", 400, "AccessDeniedException", "not authorized");
          arrived.countDown();
          Latches.await(
              release, Duration.ofSeconds(10), "the held BatchGetImage was never released");
        });
    int queuedHere = 5;
    ExecutorService pool = Executors.newFixedThreadPool(queuedHere + 1);
    try {
      Queued q = queueBehindHeldCall(pool, arrived, release, queuedHere, "d");
      Future<Optional<Digest>> first = q.first();
      List<Future<Optional<Digest>>> queued = q.behind();

      assertThat(first.get(10, TimeUnit.SECONDS)).isPresent();
      for (int i = 0; i < queuedHere; i++) {
        Future<Optional<Digest>> f = queued.get(i);
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
            .cause()
            .isInstanceOf(AccessDeniedException.class)
            .hasMessageContaining(REPO + ":d" + i);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(ecr.calls("BatchGetImage"))
        .extracting(c -> c.body().path("imageIds").size())
        .containsExactly(1, queuedHere);
  }

  @Test
  void currentDigest_aloneInItsRepository_isOneCallOfOneIdSentAtOnce() {
    Digest image = ecr.push(REPO, "sha-1", TestImages.ociImage());

    assertThat(registry.currentDigest(ref(REPO, "sha-1"))).contains(image);
    assertThat(registry.currentDigest(ref(REPO, "absent"))).isEmpty();
    assertThat(ecr.calls("BatchGetImage"))
        .extracting(c -> c.body().path("imageIds").size())
        .containsExactly(1, 1);
  }

  /** The first lookup, held at the endpoint, and the lookups queued behind it. */
  private record Queued(Future<Optional<Digest>> first, List<Future<Optional<Digest>>> behind) {}

  /**
   * Looks up {@code sha-1}, whose {@code BatchGetImage} the endpoint holds until {@code release},
   * queues {@code count} lookups of tags {@code prefix0, prefix1, ...} behind it, waits until every
   * one is parked, then releases the held call.
   */
  private Queued queueBehindHeldCall(
      ExecutorService pool,
      CountDownLatch arrived,
      CountDownLatch release,
      int count,
      String prefix)
      throws InterruptedException {
    Future<Optional<Digest>> first = pool.submit(() -> registry.currentDigest(ref(REPO, "sha-1")));
    Latches.await(arrived, Duration.ofSeconds(10), "the first BatchGetImage never arrived");
    List<Thread> waiting = new ArrayList<>();
    List<Future<Optional<Digest>>> queued = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ImageReference tag = ref(REPO, prefix + i);
      queued.add(
          pool.submit(
              () -> {
                synchronized (waiting) {
                  waiting.add(Thread.currentThread());
                }
                return registry.currentDigest(tag);
              }));
    }
    awaitAllWaiting(waiting, count);
    release.countDown();
    return new Queued(first, queued);
  }

  /** Every queued lookup is parked, waiting for the call under way. */
  private static void awaitAllWaiting(List<Thread> threads, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      List<Thread> copy;
      synchronized (threads) {
        copy = List.copyOf(threads);
      }
      if (copy.size() == count
          && copy.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
        return;
      }
      assertThat(System.nanoTime()).as("all lookups queued").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
