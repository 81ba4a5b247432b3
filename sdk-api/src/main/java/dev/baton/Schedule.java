package dev.baton;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A weekly recurring interval in one time zone: on each of {@code days}, from {@code from} local
 * time to {@code to}. When {@code to} is not after {@code from}, the interval ends on the next day
 * ({@code FRI 22:00-02:00} runs into Saturday, {@code SUN 22:00-02:00} into Monday); the days are
 * the days it starts on. Start inclusive, end exclusive. Local times a daylight saving change skips
 * move forward by the gap's length; of a repeated local time, the earlier instant counts.
 *
 * <p>Its text form is {@code DAYS FROM-TO ZONE}: {@code MON-FRI 09:00-17:00 Europe/Berlin}, where
 * days are three-letter names, ranges of them ({@code FRI-MON} wraps over the week's end) and lists
 * of both ({@code MON,WED,FRI}); the zone defaults to UTC.
 *
 * @param days the days of the week it starts on; not empty
 * @param from the local time it starts at
 * @param to the local time it ends at, on the next day when not after {@code from}
 * @param zone the time zone of the local times
 */
public record Schedule(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {
  /**
   * Checks the interval is not empty.
   *
   * @param days the days of the week it starts on; not empty
   * @param from the local time it starts at
   * @param to the local time it ends at, on the next day when not after {@code from}
   * @param zone the time zone of the local times
   */
  public Schedule {
    Objects.requireNonNull(days, "days");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(zone, "zone");
    if (days.isEmpty()) {
      throw new IllegalArgumentException("a schedule needs at least one day of the week");
    }
    days = Set.copyOf(EnumSet.copyOf(days));
    if (from.equals(to)) {
      throw new IllegalArgumentException(
          "a schedule's start and end are both " + from + "; it would be empty");
    }
  }

  /**
   * Parses each part as in the text form.
   *
   * @param days the days ({@code MON-FRI}, {@code SAT,SUN})
   * @param from the start ({@code 09:00})
   * @param to the end ({@code 17:00})
   * @param zone the zone ({@code Europe/Berlin}), or {@code null} or blank for UTC
   * @return the schedule
   * @throws IllegalArgumentException naming the part that does not parse
   */
  public static Schedule of(String days, String from, String to, String zone) {
    return new Schedule(
        parseDays(days),
        time(from, "start"),
        time(to, "end"),
        zone == null || zone.isBlank() ? ZoneId.of("UTC") : zone(zone));
  }

  /**
   * @param text {@code DAYS FROM-TO [ZONE]}, e.g. {@code MON-FRI 09:00-17:00 Europe/Berlin}
   * @return the schedule
   * @throws IllegalArgumentException when it does not parse
   */
  public static Schedule parse(String text) {
    String[] parts = Objects.requireNonNull(text, "text").trim().split("\\s+");
    if (parts.length < 2 || parts.length > 3 || parts[1].indexOf('-') < 0) {
      throw new IllegalArgumentException(
          "schedule \"" + text + "\" is not DAYS FROM-TO [ZONE], e.g. MON-FRI 09:00-17:00 UTC");
    }
    int dash = parts[1].indexOf('-');
    return of(
        parts[0],
        parts[1].substring(0, dash),
        parts[1].substring(dash + 1),
        parts.length == 3 ? parts[2] : null);
  }

  /**
   * @param text days as in the text form: {@code MON-FRI}, {@code MON,WED}, {@code FRI-MON}
   * @return the days
   * @throws IllegalArgumentException when a name is not a day's
   */
  public static Set<DayOfWeek> parseDays(String text) {
    Objects.requireNonNull(text, "days");
    Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
    for (String part : text.split(",")) {
      String p = part.trim();
      int dash = p.indexOf('-');
      if (dash < 0) {
        out.add(day(p));
        continue;
      }
      DayOfWeek d = day(p.substring(0, dash));
      DayOfWeek last = day(p.substring(dash + 1));
      out.add(d);
      while (d != last) {
        d = d.plus(1);
        out.add(d);
      }
    }
    return out;
  }

  private static DayOfWeek day(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (n.length() >= 3 && d.name().startsWith(n)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "\"" + name + "\" is not a day of the week (MON, TUE, WED, THU, FRI, SAT, SUN)");
  }

  private static LocalTime time(String text, String what) {
    return ValueText.time(text, "schedule", what, LocalTime::parse, "a time of day such as 09:00");
  }

  private static ZoneId zone(String text) {
    try {
      return ZoneId.of(text.trim());
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a time zone such as UTC or Europe/Berlin", e);
    }
  }

  /**
   * @param instant an instant
   * @return whether it falls inside one of the schedule's intervals
   */
  public boolean contains(Instant instant) {
    return intervalAt(instant).isPresent();
  }

  /**
   * @param instant an instant
   * @return the end of the interval that holds it, if one does
   */
  public Optional<Instant> endOfIntervalAt(Instant instant) {
    return intervalAt(instant).map(i -> i[1]);
  }

  /**
   * @param instant an instant
   * @return the first start of an interval strictly after it
   */
  public Instant nextStartAfter(Instant instant) {
    LocalDate date = instant.atZone(zone).toLocalDate().minusDays(1);
    for (int i = 0; i < 10; i++, date = date.plusDays(1)) {
      if (days.contains(date.getDayOfWeek())) {
        Instant start = ZonedDateTime.of(date, from, zone).toInstant();
        if (start.isAfter(instant)) {
          return start;
        }
      }
    }
    throw new IllegalStateException("no start within ten days of " + instant + " for " + this);
  }

  /**
   * {start, end} of the interval holding the instant, starting on its local day or the one before.
   */
  private Optional<Instant[]> intervalAt(Instant instant) {
    LocalDate today = instant.atZone(zone).toLocalDate();
    for (LocalDate date : new LocalDate[] {today.minusDays(1), today}) {
      if (!days.contains(date.getDayOfWeek())) {
        continue;
      }
      Instant start = ZonedDateTime.of(date, from, zone).toInstant();
      LocalDate endDate = to.isAfter(from) ? date : date.plusDays(1);
      Instant end = ZonedDateTime.of(endDate, to, zone).toInstant();
      if (!instant.isBefore(start) && instant.isBefore(end)) {
        return Optional.of(new Instant[] {start, end});
      }
    }
    return Optional.empty();
  }

  /** {@return the text form, which {@link #parse} reads back} */
  @Override
  public String toString() {
    return days.stream()
            .sorted()
            .map(d -> d.name().substring(0, 3))
            .collect(Collectors.joining(","))
        + " "
        + from
        + "-"
        + to
        + " "
        + zone;
  }
}
