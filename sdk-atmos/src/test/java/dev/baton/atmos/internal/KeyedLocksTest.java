package dev.baton.atmos.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KeyedLocksTest {
  private final KeyedLocks locks = new KeyedLocks();

  @Test
  void acquire_sameKeyHeld_waitsAndTimesOut() throws Exception {
    KeyedLocks.Held held = locks.acquire("preview\0app\0{PR_NUMBER=1}", Duration.ofSeconds(1));

    KeyedLocks.Held second =
        CompletableFuture.supplyAsync(
                () -> acquire("preview\0app\0{PR_NUMBER=1}", Duration.ofMillis(100)))
            .get(5, TimeUnit.SECONDS);

    assertThat(held).isNotNull();
    assertThat(second).isNull();
    held.close();
    held.close(); // a second close does nothing
    assertThat(locks.size()).isZero();
  }

  @Test
  void acquire_differentKeys_doNotWait() throws Exception {
    KeyedLocks.Held one = locks.acquire("a", Duration.ofSeconds(1));

    KeyedLocks.Held two =
        CompletableFuture.supplyAsync(() -> acquire("b", Duration.ofMillis(100)))
            .get(5, TimeUnit.SECONDS);

    assertThat(two).isNotNull();
    one.close();
    two.close();
    assertThat(locks.size()).isZero();
  }

  @Test
  void acquire_afterRelease_nextWaiterGetsIt() throws Exception {
    KeyedLocks.Held held = locks.acquire("k", Duration.ofSeconds(1));
    CompletableFuture<KeyedLocks.Held> waiter =
        CompletableFuture.supplyAsync(() -> acquire("k", Duration.ofSeconds(10)));

    held.close();

    KeyedLocks.Held next = waiter.get(5, TimeUnit.SECONDS);
    assertThat(next).isNotNull();
    next.close();
    assertThat(locks.size()).isZero();
  }

  private KeyedLocks.Held acquire(String key, Duration timeout) {
    try {
      return locks.acquire(key, timeout);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
