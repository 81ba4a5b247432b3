package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HostileInputsTest {
  private final HostileInputs inputs =
      HostileInputs.of(List.of("{\"a\": [1, \"b\"]}".getBytes(StandardCharsets.UTF_8)))
          .largeBytes(1 << 16);

  @Test
  void mostlySmall_drawsFiveSmallInputsInSixAndEveryKind() {
    List<HostileInputs.Kind> kinds = HostileInputs.MOSTLY_SMALL;

    assertThat(kinds).containsAll(List.of(HostileInputs.Kind.values()));
    assertThat(kinds.stream().filter(HostileInputs.Kind::large).count() * 6)
        .isLessThanOrEqualTo(kinds.size());
    for (HostileInputs.Kind k : HostileInputs.Kind.values()) {
      assertThat(inputs.make(k, 7).length > 8192).as(k.name()).isEqualTo(k.large());
    }
  }

  @Test
  void make_isTheSameForTheSameKindAndSeed() {
    for (HostileInputs.Kind k : HostileInputs.Kind.values()) {
      assertThat(inputs.make(k, 42)).as(k.name()).isEqualTo(inputs.make(k, 42));
    }
  }

  @Test
  void check_namesTheInputOnlyWhileItIsBeingChecked() {
    inputs.check(
        HostileInputs.Kind.SWAPPED, 3, b -> assertThat(HostileInputs.inFlight()).isPresent());
    assertThat(HostileInputs.inFlight()).isEmpty();

    assertThatThrownBy(
            () ->
                inputs.check(
                    HostileInputs.Kind.MUTATED,
                    4,
                    b -> {
                      throw new AssertionError("failed");
                    }))
        .hasMessage("failed");
    assertThat(HostileInputs.inFlight()).isEmpty();
  }

  @Test
  void nameTheInput_addsTheInputInFlightToTheFailure() {
    HostileInputProperties.NameTheInput handler = new HostileInputProperties.NameTheInput();
    Exception timeout = new TimeoutException("test timed out after 60 seconds");
    AtomicReference<Throwable> during = new AtomicReference<>();

    Throwable outside = catchThrowable(() -> handler.handleTestExecutionException(null, timeout));
    inputs.check(
        HostileInputs.Kind.LARGE_LINES,
        5,
        b -> during.set(catchThrowable(() -> handler.handleTestExecutionException(null, timeout))));

    assertThat(outside).isSameAs(timeout);
    assertThat(during.get())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("test timed out after 60 seconds")
        .hasMessageContaining("it was checking LARGE_LINES seed 5")
        .hasCause(timeout);
  }

  /**
   * A check that never returns, as a test stopped by its timeout leaves it, stays named; once it is
   * interrupted and throws, it is named no more. What the stuck thread ended with is kept and
   * asserted on, so no uncaught exception is left for the JVM to print.
   */
  @Test
  void check_thatNeverReturns_staysNamed_alsoThroughACopyWithAnotherSize() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    AtomicReference<Throwable> ended = new AtomicReference<>();
    Thread stuck =
        new Thread(
            () ->
                ended.set(
                    catchThrowable(
                        () ->
                            inputs
                                .largeBytes(1024)
                                .check(
                                    HostileInputs.Kind.LARGE_NESTED,
                                    99,
                                    b -> {
                                      entered.countDown();
                                      try {
                                        Thread.sleep(60_000);
                                      } catch (InterruptedException stopped) {
                                        Thread.currentThread().interrupt();
                                        throw new IllegalStateException("stopped");
                                      }
                                    }))));
    stuck.setDaemon(true);
    stuck.start();
    try {
      Latches.await(entered, Duration.ofSeconds(10), "the stuck check never started");
      assertThat(HostileInputs.inFlight()).contains("LARGE_NESTED seed 99 (1024 bytes)");
    } finally {
      stuck.interrupt();
      stuck.join(10_000);
    }
    assertThat(stuck.isAlive()).as("the stuck check ended once interrupted").isFalse();
    assertThat(ended.get()).isInstanceOf(IllegalStateException.class).hasMessage("stopped");
    assertThat(HostileInputs.inFlight()).isEmpty();
  }
}
