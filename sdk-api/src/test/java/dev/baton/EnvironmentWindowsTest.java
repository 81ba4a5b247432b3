package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When an open environment next closes, from its windows and freezes. */
class EnvironmentWindowsTest {
  private static final Schedule OFFICE = Schedule.parse("MON-FRI 09:00-17:00 UTC");
  private static final Schedule EVENING = Schedule.parse("MON-FRI 17:00-20:00 UTC");
  // 2026-03-02 is a Monday.
  private static final Instant MONDAY_10 = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void insideAWindow_closesAtItsEnd() {
    Environment prod = Environment.builder("prod").windows(OFFICE).build();

    assertThat(prod.closesAfter(MONDAY_10)).contains(Instant.parse("2026-03-02T17:00:00Z"));
  }

  @Test
  void windowsThatFollowEachOther_closeAtTheLastEnd() {
    Environment prod = Environment.builder("prod").windows(OFFICE, EVENING).build();

    assertThat(prod.closesAfter(MONDAY_10)).contains(Instant.parse("2026-03-02T20:00:00Z"));
  }

  @Test
  void aFreezeThatStartsFirst_closesItEarlier() {
    Environment prod =
        Environment.builder("prod")
            .windows(OFFICE)
            .freezes(Freeze.between("2026-03-02T12:00:00Z", "2026-03-03T00:00:00Z", "release"))
            .build();

    assertThat(prod.closesAfter(MONDAY_10)).contains(Instant.parse("2026-03-02T12:00:00Z"));
  }

  @Test
  void weeklyFreeze_closesAtItsNextStart() {
    Environment prod =
        Environment.builder("prod")
            .freezes(Freeze.weekly(Schedule.parse("FRI 15:00-09:00 UTC"), "weekend"))
            .build();

    assertThat(prod.closesAfter(MONDAY_10)).contains(Instant.parse("2026-03-06T15:00:00Z"));
  }

  @Test
  void noWindowNoFreeze_neverCloses_andAClosedOneHasNoClosing() {
    assertThat(Environment.builder("dev").build().closesAfter(MONDAY_10)).isEmpty();
    Environment prod = Environment.builder("prod").windows(OFFICE).build();
    assertThat(prod.closesAfter(Instant.parse("2026-03-02T18:00:00Z"))).isEmpty();
  }
}
