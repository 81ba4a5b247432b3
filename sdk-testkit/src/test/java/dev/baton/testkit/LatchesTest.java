package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LatchesTest {
  @Test
  void await_whenCountedDown_returns() {
    CountDownLatch latch = new CountDownLatch(1);
    latch.countDown();

    assertThatCode(() -> Latches.await(latch, Duration.ofMillis(50), "never released"))
        .doesNotThrowAnyException();
  }

  @Test
  void await_whenLimitPasses_throwsNamingWhatAndTheLimit() {
    long start = System.nanoTime();

    assertThatThrownBy(
            () ->
                Latches.await(
                    new CountDownLatch(1), Duration.ofMillis(50), "the gate never opened"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the gate never opened (waited PT0.05S)");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(50));
  }

  @Test
  void await_whenInterrupted_throwsAndKeepsTheFlag() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(
              () -> Latches.await(new CountDownLatch(1), Duration.ofSeconds(5), "never released"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("interrupted")
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
