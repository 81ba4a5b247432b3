package dev.baton.oci.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

  @ParameterizedTest
  @CsvSource({"429,true", "500,true", "502,true", "503,true", "504,true", "501,false",
      "505,false", "400,false", "401,false", "403,false", "404,false", "409,false"})
  void isRetryableStatus_onlyThrottlingAndServerFailures(int status, boolean retryable) {
    assertThat(RetryPolicy.isRetryableStatus(status)).isEqualTo(retryable);
  }

  @Test
  void parseRetryAfter_secondsAndHttpDate() {
    assertThat(RetryPolicy.parseRetryAfter("120", CLOCK)).contains(Duration.ofSeconds(120));
    assertThat(RetryPolicy.parseRetryAfter(" 0 ", CLOCK)).contains(Duration.ZERO);
    assertThat(RetryPolicy.parseRetryAfter("Thu, 26 Nov 2026 10:00:30 GMT", CLOCK))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryPolicy.parseRetryAfter("Thu, 26 Nov 2026 09:00:00 GMT", CLOCK))
        .contains(Duration.ZERO);
    assertThat(RetryPolicy.parseRetryAfter("soon", CLOCK)).isEmpty();
  }

  @Test
  void backoff_doublesWithJitterBetweenHalfAndFull_andIsCapped() {
    RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000),
        Duration.ofSeconds(30));
    for (int i = 0; i < 200; i++) {
      assertThat(p.backoff(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
      assertThat(p.backoff(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
      assertThat(p.backoff(9)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    }
  }

  @Test
  void constructor_rejectsNoAttemptsAndNegativeDelays() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("maxAttempts").hasMessageContaining("0");
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofMillis(-1), Duration.ZERO,
        Duration.ZERO)).hasMessageContaining("PT-0.001S");
  }
}
