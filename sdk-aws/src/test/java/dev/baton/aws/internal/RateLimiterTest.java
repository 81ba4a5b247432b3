package dev.baton.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link RateLimiter} on a fake clock: the sleeper advances time instead of waiting. */
class RateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<Long> sleeps = new ArrayList<>();

  private RateLimiter limiter(double rate) {
    return new RateLimiter(
        rate,
        now::get,
        nanos -> {
          sleeps.add(nanos);
          now.addAndGet(nanos);
        });
  }

  @Test
  void acquire_firstCall_doesNotWait() throws Exception {
    assertThat(limiter(10).acquire()).isZero();
    assertThat(sleeps).isEmpty();
  }

  @Test
  void acquire_backToBack_spacesCallsByTheInterval() throws Exception {
    RateLimiter limiter = limiter(10);
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      limiter.acquire();
      starts.add(now.get());
    }
    for (int i = 1; i < starts.size(); i++) {
      assertThat(starts.get(i) - starts.get(i - 1)).isEqualTo(100_000_000L);
    }
  }

  @Test
  void acquire_afterIdlePeriod_doesNotBurst() throws Exception {
    RateLimiter limiter = limiter(10);
    limiter.acquire();
    now.addAndGet(5_000_000_000L); // idle for 5 s: a token bucket would now allow a burst

    assertThat(limiter.acquire()).isZero();
    assertThat(limiter.acquire()).isEqualTo(100_000_000L);
  }

  @Test
  void interval_isTheInverseOfTheRate() {
    assertThat(limiter(4).interval().toMillis()).isEqualTo(250);
  }

  @Test
  void constructor_rejectsNonPositiveRate() {
    assertThatThrownBy(() -> limiter(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0.0");
    assertThatThrownBy(() -> limiter(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Whatever the call pattern, no window of one second holds more than rate + 1 starts. */
  @Test
  void acquire_neverExceedsRatePlusOnePerSecond() {
    qt().withExamples(50)
        .forAll(
            integers().between(1, 20), lists().of(integers().between(0, 300)).ofSizeBetween(1, 60))
        .checkAssert(
            (rate, gapsMillis) -> {
              sleeps.clear();
              RateLimiter limiter = limiter(rate);
              List<Long> starts = new ArrayList<>();
              for (int gap : gapsMillis) {
                now.addAndGet(gap * 1_000_000L);
                acquire(limiter);
                starts.add(now.get());
              }
              for (int i = 0; i < starts.size(); i++) {
                int inWindow = 0;
                for (long s : starts) {
                  if (s >= starts.get(i) && s < starts.get(i) + 1_000_000_000L) {
                    inWindow++;
                  }
                }
                assertThat(inWindow).isLessThanOrEqualTo(rate + 1);
              }
            });
  }

  private static void acquire(RateLimiter limiter) {
    try {
      limiter.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
