package dev.baton.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.OperationCancelledException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  void sleepOrCancel_waitsTheDuration() {
    List<Duration> waited = new ArrayList<>();

    ((Sleeper) waited::add).sleepOrCancel(Duration.ofSeconds(3), "waiting");

    assertThat(waited).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void sleepOrCancel_interrupted_isCancelledNamingTheOperation_andKeepsTheFlag() {
    Sleeper interrupted =
        d -> {
          throw new InterruptedException("stop");
        };
    try {
      assertThatThrownBy(() -> interrupted.sleepOrCancel(Duration.ofSeconds(1), "copying it"))
          .isInstanceOf(OperationCancelledException.class)
          .hasMessage("copying it was interrupted")
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
