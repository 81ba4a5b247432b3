package dev.baton.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MutableClockTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void advance_movesTheInstantAndTheZonedViewAlike() {
    MutableClock clock = new MutableClock(START);
    var zoned = clock.withZone(ZoneId.of("Europe/Berlin"));

    clock.advance(Duration.ofMinutes(5));

    assertThat(clock.instant()).isEqualTo(START.plusSeconds(300));
    assertThat(zoned.instant()).isEqualTo(START.plusSeconds(300));
    assertThat(clock.millis()).isEqualTo(START.plusSeconds(300).toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }
}
