package dev.baton.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffStrategyTest {
  private static final Duration BASE = Duration.ofMillis(100);
  private static final Duration MAX = Duration.ofMillis(1000);

  /**
   * Full jitter ranges from zero to the doubling delay capped at MAX; equal jitter from half to all
   * of it. HIGHEST and LOWEST are the two ends of the random range.
   */
  @ParameterizedTest(name = "{0} jitter, {1} random, attempt {2}: {3} ms")
  @CsvSource({
    "full,  HIGHEST, 1,  100",
    "full,  HIGHEST, 3,  400",
    "full,  HIGHEST, 9,  1000",
    "full,  LOWEST,  3,  0",
    "equal, HIGHEST, 2,  200",
    "equal, LOWEST,  2,  100",
    "equal, LOWEST,  50, 500",
  })
  void exponentialJitter_delayForAttempt(String jitter, String random, int attempt, long millis) {
    RandomSource source = random.equals("HIGHEST") ? RandomSource.HIGHEST : RandomSource.LOWEST;
    BackoffStrategy strategy =
        jitter.equals("full")
            ? BackoffStrategy.exponentialFullJitter(BASE, MAX, source)
            : BackoffStrategy.exponentialEqualJitter(BASE, MAX, source);

    assertThat(strategy.delay(attempt)).isEqualTo(Duration.ofMillis(millis));
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
