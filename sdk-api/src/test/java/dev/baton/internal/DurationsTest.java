package dev.baton.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void positive_refusesZeroAndNegativeWithTheSettingsName() {
    assertThat(Durations.positive(Duration.ofMillis(1), "wait")).isEqualTo(Duration.ofMillis(1));
    assertThatThrownBy(() -> Durations.positive(Duration.ZERO, "wait"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("wait must be positive, got PT0S");
    assertThatThrownBy(() -> Durations.nonNegative(Duration.ofSeconds(-1), "grace"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grace must not be negative, got PT-1S");
    assertThat(Durations.nonNegative(Duration.ZERO, "grace")).isEqualTo(Duration.ZERO);
  }

  @Test
  void shorter_picksTheShorterAndTheFirstOnATie() {
    Duration second = Duration.ofSeconds(1);
    Duration alsoSecond = Duration.ofMillis(1000);
    assertThat(Durations.shorter(second, Duration.ofSeconds(2))).isSameAs(second);
    assertThat(Durations.shorter(Duration.ofSeconds(2), second)).isSameAs(second);
    assertThat(Durations.shorter(second, alsoSecond)).isSameAs(second);
  }

  @Test
  void outlasts_isTrueWhenTheWaitReachesTheDeadline() {
    long inAMinute = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    assertThat(Durations.outlasts(Duration.ofSeconds(1), inAMinute)).isFalse();
    assertThat(Durations.outlasts(Duration.ofMinutes(2), inAMinute)).isTrue();
    assertThat(Durations.outlasts(Duration.ZERO, System.nanoTime() - 1)).isTrue();
  }
}
