package dev.baton.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.OperationCancelledException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PollTest {
  static final Instant START = Instant.parse("2026-05-01T12:00:00Z");

  /** The clock's now; it moves only when the poll sleeps, or when a test moves it. */
  Instant now = START;

  final InstantSource clock = () -> now;
  final List<Duration> sleeps = new ArrayList<>();
  final List<Integer> asked = new ArrayList<>();

  final Sleeper advancing =
      d -> {
        sleeps.add(d);
        now = now.plus(d);
      };

  BackoffStrategy every(Duration interval) {
    return failedAttempt -> {
      asked.add(failedAttempt);
      return interval;
    };
  }

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void pause_cutsTheLastWaitToTheDeadline_thenAnswersFalse() {
    Poll poll =
        Poll.until(clock, Duration.ofSeconds(25), every(Duration.ofSeconds(10)), advancing, "x");

    assertThat(poll.left()).isEqualTo(Duration.ofSeconds(25));
    assertThat(poll.pause()).isTrue();
    assertThat(poll.pause()).isTrue();
    assertThat(poll.left()).isEqualTo(Duration.ofSeconds(5));
    assertThat(poll.pause()).isTrue();
    assertThat(poll.left()).isEqualTo(Duration.ZERO);
    assertThat(poll.pause()).isFalse();

    assertThat(sleeps)
        .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(5));
    assertThat(asked).containsExactly(1, 2, 3);
    assertThat(poll.round()).isEqualTo(4);
  }

  @Test
  void pause_pastTheDeadline_answersFalseWithoutAskingTheInterval() {
    Poll poll =
        Poll.until(clock, Duration.ofSeconds(5), every(Duration.ofSeconds(1)), advancing, "x");
    now = START.plusSeconds(6);

    assertThat(poll.pause()).isFalse();
    assertThat(poll.left()).isEqualTo(Duration.ofSeconds(-1));
    assertThat(sleeps).isEmpty();
    assertThat(asked).isEmpty();
    assertThat(poll.round()).isEqualTo(1);
  }

  /** A wait ending exactly at the deadline counts as reaching it: 20 s allow one wait of 10 s. */
  @ParameterizedTest(name = "{0} s: {1} waits")
  @CsvSource({"25, 2", "21, 2", "20, 1", "10, 0"})
  void pauseWhole_stopsBeforeAWaitThatWouldReachTheDeadline(long timeoutSeconds, int waits) {
    Poll poll =
        Poll.until(
            clock,
            Duration.ofSeconds(timeoutSeconds),
            every(Duration.ofSeconds(10)),
            advancing,
            "x");

    for (int i = 0; i < waits; i++) {
      assertThat(poll.pauseWhole()).isTrue();
    }
    assertThat(poll.pauseWhole()).isFalse();

    assertThat(sleeps).isEqualTo(Collections.nCopies(waits, Duration.ofSeconds(10)));
    assertThat(asked)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, waits + 1).boxed().toList());
    assertThat(poll.round()).isEqualTo(waits + 1);
    assertThat(poll.left()).isEqualTo(Duration.ofSeconds(timeoutSeconds - 10L * waits));
  }

  @ParameterizedTest(name = "whole: {0}")
  @ValueSource(booleans = {false, true})
  void pause_interrupted_isCancelledNamingTheOperation_andKeepsTheFlag(boolean whole) {
    Sleeper interrupted =
        d -> {
          throw new InterruptedException("stop");
        };
    Poll poll =
        Poll.until(
            clock,
            Duration.ofSeconds(5),
            every(Duration.ofSeconds(1)),
            interrupted,
            "verifying it");

    assertThatThrownBy(whole ? poll::pauseWhole : poll::pause)
        .isInstanceOf(OperationCancelledException.class)
        .hasMessage("verifying it was interrupted")
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    assertThat(poll.round()).isEqualTo(1);
  }
}
