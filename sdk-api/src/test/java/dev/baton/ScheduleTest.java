package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleTest {

  @ParameterizedTest(name = "{0} at {1}: {2}")
  @CsvSource({
    // office hours in Berlin, winter (UTC+1): 09:00 local is 08:00Z
    "'MON-FRI 09:00-17:00 Europe/Berlin', 2026-01-05T07:59:59Z, false",
    "'MON-FRI 09:00-17:00 Europe/Berlin', 2026-01-05T08:00:00Z, true",
    "'MON-FRI 09:00-17:00 Europe/Berlin', 2026-01-05T15:59:59Z, true",
    "'MON-FRI 09:00-17:00 Europe/Berlin', 2026-01-05T16:00:00Z, false",
    "'MON-FRI 09:00-17:00 Europe/Berlin', 2026-01-10T10:00:00Z, false",
    // summer (UTC+2): 09:00 local is 07:00Z
    "'MON-FRI 09:00-17:00 Europe/Berlin', 2026-07-06T07:00:00Z, true",
    "'MON-FRI 09:00-17:00 Europe/Berlin', 2026-07-06T15:00:00Z, false",
    // the same hours in New York
    "'MON-FRI 09:00-17:00 America/New_York', 2026-01-05T13:59:59Z, false",
    "'MON-FRI 09:00-17:00 America/New_York', 2026-01-05T14:00:00Z, true",
    // DST in Berlin, Sunday 2026-03-29: 02:00 local jumps to 03:00; 01:00Z is 03:00 CEST
    "'SUN 01:00-03:00 Europe/Berlin', 2026-03-29T00:00:00Z, true",
    "'SUN 01:00-03:00 Europe/Berlin', 2026-03-29T00:59:59Z, true",
    "'SUN 01:00-03:00 Europe/Berlin', 2026-03-29T01:00:00Z, false",
    // a window starting in the skipped hour moves forward by the gap: 03:30 CEST = 01:30Z
    "'SUN 02:30-04:00 Europe/Berlin', 2026-03-29T01:29:59Z, false",
    "'SUN 02:30-04:00 Europe/Berlin', 2026-03-29T01:30:00Z, true",
    // back to winter time, Sunday 2026-10-25: 03:00 CEST becomes 02:00 CET; 01:00-04:00 lasts 4h
    "'SUN 01:00-04:00 Europe/Berlin', 2026-10-24T22:59:59Z, false",
    "'SUN 01:00-04:00 Europe/Berlin', 2026-10-24T23:00:00Z, true",
    "'SUN 01:00-04:00 Europe/Berlin', 2026-10-25T02:59:59Z, true",
    "'SUN 01:00-04:00 Europe/Berlin', 2026-10-25T03:00:00Z, false",
    // crossing midnight: Friday 22:00 to Saturday 02:00 UTC
    "'FRI 22:00-02:00 UTC', 2026-01-09T21:59:59Z, false",
    "'FRI 22:00-02:00 UTC', 2026-01-09T22:00:00Z, true",
    "'FRI 22:00-02:00 UTC', 2026-01-10T01:59:59Z, true",
    "'FRI 22:00-02:00 UTC', 2026-01-10T02:00:00Z, false",
    "'FRI 22:00-02:00 UTC', 2026-01-08T23:00:00Z, false",
    // crossing the week's end: Sunday 22:00 to Monday 02:00
    "'SUN 22:00-02:00 UTC', 2026-01-11T22:00:00Z, true",
    "'SUN 22:00-02:00 UTC', 2026-01-12T01:59:59Z, true",
    "'SUN 22:00-02:00 UTC', 2026-01-12T02:00:00Z, false",
    "'SUN 22:00-02:00 UTC', 2026-01-05T01:00:00Z, true",
    "'SUN 22:00-02:00 UTC', 2026-01-06T01:00:00Z, false",
    // a day range wrapping over the week's end
    "'FRI-MON 00:00-23:59 UTC', 2026-01-12T12:00:00Z, true",
    "'FRI-MON 00:00-23:59 UTC', 2026-01-13T12:00:00Z, false",
  })
  void contains(String schedule, String instant, boolean inside) {
    assertThat(Schedule.parse(schedule).contains(Instant.parse(instant))).isEqualTo(inside);
  }

  @ParameterizedTest(name = "{0} after {1}: {2}")
  @CsvSource({
    "'MON-FRI 09:00-17:00 Europe/Berlin', 2026-01-09T16:00:00Z, 2026-01-12T08:00:00Z",
    "'MON-FRI 09:00-17:00 Europe/Berlin', 2026-03-27T16:00:00Z, 2026-03-30T07:00:00Z",
    "'SUN 22:00-02:00 UTC', 2026-01-12T02:00:00Z, 2026-01-18T22:00:00Z",
  })
  void nextStart(String schedule, String after, String expected) {
    assertThat(Schedule.parse(schedule).nextStartAfter(Instant.parse(after)))
        .isEqualTo(Instant.parse(expected));
  }

  @Test
  void parsesDaysAndRoundTrips() {
    assertThat(Schedule.parseDays("mon,wed-fri"))
        .isEqualTo(
            EnumSet.of(
                DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY));
    Schedule s = Schedule.of("SAT-SUN", "22:00", "06:00", null);
    assertThat(s.toString()).isEqualTo("SAT,SUN 22:00-06:00 UTC");
    assertThat(Schedule.parse(s.toString())).isEqualTo(s);
  }

  @Test
  void refusesWhatDoesNotParse() {
    assertThatThrownBy(() -> Schedule.parse("MON-FRI 09:00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DAYS FROM-TO");
    assertThatThrownBy(() -> Schedule.parseDays("MON-FUN"))
        .hasMessageContaining("\"FUN\" is not a day of the week");
    assertThatThrownBy(() -> Schedule.of("MON", "9am", "17:00", null))
        .hasMessageContaining("start \"9am\"");
    assertThatThrownBy(() -> Schedule.of("MON", "09:00", "17:00", "Mars/Olympus"))
        .hasMessageContaining("not a time zone");
    assertThatThrownBy(() -> Schedule.of("MON", "09:00", "09:00", null))
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> Freeze.between("2027-01-04T00:00:00Z", "2026-12-20T00:00:00Z", ""))
        .hasMessageContaining("not after");
    assertThatThrownBy(() -> Freeze.between("2026-12-20", "2027-01-04T00:00:00Z", ""))
        .hasMessageContaining("freeze from \"2026-12-20\"");
  }

  @Test
  void anEnvironmentOpensAfterItsFreezeAndInItsWindow() {
    Environment env =
        Environment.builder("prod")
            .windows(Schedule.parse("MON-FRI 09:00-17:00 UTC"))
            .freezes(
                Freeze.between("2026-12-20T00:00:00Z", "2027-01-04T00:00:00Z", "holidays"),
                Freeze.weekly(Schedule.parse("FRI 12:00-09:00 UTC"), "no Friday deploys"))
            .build();
    assertThat(env.closedAt(Instant.parse("2026-12-15T10:00:00Z"))).isEmpty();
    DeploymentWindowClosedException holidays =
        env.closedAt(Instant.parse("2026-12-22T10:00:00Z")).orElseThrow();
    assertThat(holidays.closedBy()).contains("holidays");
    // 2027-01-04 is a Monday; the freeze ends at 00:00, the window opens at 09:00
    assertThat(holidays.opensAt()).contains(Instant.parse("2027-01-04T09:00:00Z"));
    DeploymentWindowClosedException friday =
        env.closedAt(Instant.parse("2026-12-11T13:00:00Z")).orElseThrow();
    assertThat(friday.closedBy()).contains("no Friday deploys");
    assertThat(friday.opensAt()).contains(Instant.parse("2026-12-14T09:00:00Z"));
    assertThat(friday.getMessage())
        .contains("prod", "FRI 12:00-09:00 UTC", "next opens at 2026-12-14T09:00:00Z");
    DeploymentWindowClosedException night =
        env.closedAt(Instant.parse("2026-12-15T18:00:00Z")).orElseThrow();
    assertThat(night.closedBy()).contains("outside its deployment windows (MON,TUE,WED,THU,FRI");
    assertThat(night.opensAt()).contains(Instant.parse("2026-12-16T09:00:00Z"));
  }

  @Test
  void aSoakNeedsAnUpstream() {
    assertThatThrownBy(() -> Environment.builder("prod").soak(Duration.ofHours(2)).build())
        .hasMessageContaining("a soak needs upstream environments");
    assertThatThrownBy(
            () -> Environment.builder("prod").needs("dev").soak(Duration.ofHours(-2)).build())
        .hasMessageContaining("negative");
  }
}
