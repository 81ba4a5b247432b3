package dev.baton;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A time when an environment takes no deploy: one-off, {@code [from, until)} ({@link #between}), or
 * weekly recurring ({@link #weekly}). Destroys stay allowed.
 *
 * @param weekly the recurring interval, or {@code null} for a one-off freeze
 * @param from the one-off freeze's start (inclusive), or {@code null} for a weekly one
 * @param until the one-off freeze's end (exclusive), or {@code null} for a weekly one
 * @param reason why, shown in refusals; may be empty
 */
public record Freeze(Schedule weekly, Instant from, Instant until, String reason) {
  /**
   * Checks it is either weekly or one-off, and a one-off one ends after it starts.
   *
   * @param weekly the recurring interval, or {@code null} for a one-off freeze
   * @param from the one-off freeze's start (inclusive), or {@code null} for a weekly one
   * @param until the one-off freeze's end (exclusive), or {@code null} for a weekly one
   * @param reason why, shown in refusals; may be empty
   */
  public Freeze {
    Objects.requireNonNull(reason, "reason");
    if (weekly != null) {
      if (from != null || until != null) {
        throw new IllegalArgumentException("a freeze is weekly or from-until, not both");
      }
    } else {
      if (from == null || until == null) {
        throw new IllegalArgumentException("a one-off freeze needs both from and until");
      }
      if (!until.isAfter(from)) {
        throw new IllegalArgumentException(
            "freeze until " + until + " is not after its start " + from);
      }
    }
  }

  /**
   * @param from the start, inclusive
   * @param until the end, exclusive
   * @param reason why
   * @return a one-off freeze
   */
  public static Freeze between(Instant from, Instant until, String reason) {
    return new Freeze(
        null, Objects.requireNonNull(from, "from"), Objects.requireNonNull(until, "until"), reason);
  }

  /**
   * @param from the start, an ISO-8601 instant ({@code 2026-12-20T00:00:00Z})
   * @param until the end, an ISO-8601 instant
   * @param reason why
   * @return a one-off freeze
   * @throws IllegalArgumentException when an instant does not parse
   */
  public static Freeze between(String from, String until, String reason) {
    return between(instant(from, "from"), instant(until, "until"), reason);
  }

  /**
   * @param schedule when, every week
   * @param reason why
   * @return a weekly freeze
   */
  public static Freeze weekly(Schedule schedule, String reason) {
    return new Freeze(Objects.requireNonNull(schedule, "schedule"), null, null, reason);
  }

  private static Instant instant(String text, String what) {
    return ValueText.time(
        text, "freeze", what, Instant::parse, "an instant such as 2026-12-20T00:00:00Z");
  }

  /**
   * @param instant an instant
   * @return whether the freeze holds then
   */
  public boolean contains(Instant instant) {
    return weekly != null
        ? weekly.contains(instant)
        : !instant.isBefore(from) && instant.isBefore(until);
  }

  /**
   * @param instant an instant
   * @return when the freeze that holds then ends, if it holds then
   */
  public Optional<Instant> endAt(Instant instant) {
    if (weekly != null) {
      return weekly.endOfIntervalAt(instant);
    }
    return contains(instant) ? Optional.of(until) : Optional.empty();
  }

  /**
   * {@return a readable form: {@code freeze 2026-12-20T00:00:00Z..2027-01-04T00:00:00Z (holidays)}}
   */
  @Override
  public String toString() {
    return "freeze "
        + (weekly != null ? weekly.toString() : from + ".." + until)
        + (reason.isEmpty() ? "" : " (" + reason + ")");
  }
}
