package dev.baton.internal.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
  private static final RetryAfter RETRY_AFTER = new RetryAfter(Duration.ofSeconds(30), CLOCK);

  @Test
  void parse_secondsAndHttpDate() {
    assertThat(RETRY_AFTER.parse("120")).contains(Duration.ofSeconds(120));
    assertThat(RETRY_AFTER.parse(" 0 ")).contains(Duration.ZERO);
    assertThat(RETRY_AFTER.parse("-5")).contains(Duration.ZERO);
    assertThat(RETRY_AFTER.parse("Thu, 26 Nov 2026 10:00:30 GMT")).contains(Duration.ofSeconds(30));
    assertThat(RETRY_AFTER.parse("Thu, 26 Nov 2026 09:00:00 GMT")).contains(Duration.ZERO);
    assertThat(RETRY_AFTER.parse("soon")).isEmpty();
  }

  @Test
  void exceedsMax_onlyAboveTheCap() {
    assertThat(RETRY_AFTER.exceedsMax(Duration.ofSeconds(30))).isFalse();
    assertThat(RETRY_AFTER.exceedsMax(Duration.ofSeconds(31))).isTrue();
    assertThat(RETRY_AFTER.parse("99999999999999999999").map(RETRY_AFTER::exceedsMax))
        .contains(true);
  }

  @Test
  void constructor_rejectsANegativeCap() {
    assertThatThrownBy(() -> new RetryAfter(Duration.ofSeconds(-1), CLOCK))
        .hasMessageContaining("PT-1S");
  }
}
