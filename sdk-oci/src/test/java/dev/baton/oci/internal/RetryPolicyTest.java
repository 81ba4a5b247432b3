package dev.baton.oci.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.internal.retry.BackoffStrategy;
import dev.baton.internal.retry.RandomSource;
import dev.baton.internal.retry.RetryAfter;
import dev.baton.internal.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {
  @ParameterizedTest
  @CsvSource({
    "429,true",
    "500,true",
    "502,true",
    "503,true",
    "504,true",
    "501,false",
    "505,false",
    "400,false",
    "401,false",
    "403,false",
    "404,false",
    "409,false"
  })
  void isRetryableStatus_onlyThrottlingAndServerFailures(int status, boolean retryable) {
    assertThat(RetryPolicy.isRetryableStatus(status)).isEqualTo(retryable);
  }

  @Test
  void constructor_rejectsNoAttempts() {
    assertThatThrownBy(
            () ->
                new RetryPolicy(
                    0,
                    BackoffStrategy.fixed(Duration.ZERO, RandomSource.SYSTEM),
                    new RetryAfter(Duration.ZERO, Clock.systemUTC()),
                    Sleeper.SYSTEM))
        .hasMessageContaining("maxAttempts")
        .hasMessageContaining("0");
  }
}
