package dev.baton.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffStrategyTest {
  private static final Duration BASE = Duration.ofMillis(100);
  private static final Duration MAX = Duration.ofMillis(1000);

  @Test
  void exponentialFullJitter_rangesFromZeroToTheDoublingCappedDelay() {
    BackoffStrategy high = BackoffStrategy.exponentialFullJitter(BASE, MAX, RandomSource.HIGHEST);
    BackoffStrategy low = BackoffStrategy.exponentialFullJitter(BASE, MAX, RandomSource.LOWEST);

    assertThat(high.delay(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(high.delay(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(high.delay(9)).isEqualTo(MAX);
    assertThat(low.delay(3)).isEqualTo(Duration.ZERO);
  }

  @Test
  void exponentialEqualJitter_rangesFromHalfToAllOfTheDelay() {
    BackoffStrategy high = BackoffStrategy.exponentialEqualJitter(BASE, MAX, RandomSource.HIGHEST);
    BackoffStrategy low = BackoffStrategy.exponentialEqualJitter(BASE, MAX, RandomSource.LOWEST);

    assertThat(high.delay(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(low.delay(2)).isEqualTo(Duration.ofMillis(100));
    assertThat(low.delay(50)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void systemRandom_staysWithinTheBounds() {
    BackoffStrategy full = BackoffStrategy.exponentialFullJitter(BASE, MAX, RandomSource.SYSTEM);
    BackoffStrategy equal = BackoffStrategy.exponentialEqualJitter(BASE, MAX, RandomSource.SYSTEM);
    BackoffStrategy fixed = BackoffStrategy.fixed(MAX, RandomSource.SYSTEM);
    for (int i = 0; i < 200; i++) {
      assertThat(full.delay(3)).isBetween(Duration.ZERO, Duration.ofMillis(400));
      assertThat(equal.delay(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
      assertThat(fixed.delay(i + 1)).isBetween(Duration.ofMillis(500), MAX);
    }
  }

  @Test
  void fixed_isTheSameRangeForEveryAttempt() {
    BackoffStrategy fixed = BackoffStrategy.fixed(Duration.ofSeconds(5), RandomSource.HIGHEST);

    assertThat(fixed.delay(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(fixed.delay(7)).isEqualTo(Duration.ofSeconds(5));
    assertThat(BackoffStrategy.fixed(Duration.ofSeconds(5), RandomSource.LOWEST).delay(1))
        .isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void manyAttempts_neverOverflow() {
    BackoffStrategy huge =
        BackoffStrategy.exponentialFullJitter(
            Duration.ofDays(1), Duration.ofDays(365_000), RandomSource.HIGHEST);

    assertThat(huge.delay(Integer.MAX_VALUE)).isPositive();
  }

  @Test
  void factories_rejectNegativeDelaysAndAttemptsBelowOne() {
    assertThatThrownBy(() -> BackoffStrategy.fixed(Duration.ofMillis(-1), RandomSource.SYSTEM))
        .hasMessageContaining("delay");
    assertThatThrownBy(
            () ->
                BackoffStrategy.exponentialFullJitter(
                    BASE, Duration.ofMillis(-1), RandomSource.SYSTEM))
        .hasMessageContaining("max");
    assertThatThrownBy(
            () -> BackoffStrategy.exponentialEqualJitter(BASE, MAX, RandomSource.SYSTEM).delay(0))
        .hasMessageContaining("from 1");
  }
}
