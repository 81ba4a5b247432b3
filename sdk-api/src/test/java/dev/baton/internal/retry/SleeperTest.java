package dev.baton.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SleeperTest {
  @Test
  void system_sleepsAtLeastTheDuration() throws InterruptedException {
    long start = System.nanoTime();
    Sleeper.SYSTEM.sleep(Duration.ofMillis(20));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(20));
  }

  @Test
  void system_returnsAtOnceForZeroOrNegative() throws InterruptedException {
    long start = System.nanoTime();
    Sleeper.SYSTEM.sleep(Duration.ZERO);
    Sleeper.SYSTEM.sleep(Duration.ofSeconds(-10));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }
}
