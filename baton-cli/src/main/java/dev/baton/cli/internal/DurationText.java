package dev.baton.cli.internal;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as {@code baton.yaml} and the command line write them: {@code 500ms}, {@code 90s},
 * {@code 14d}.
 */
final class DurationText {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  /** How to write one, for hints. */
  static final String FORMS = "a whole number and a unit: 500ms, 90s, 30m, 2h or 14d";

  private DurationText() {}

  /**
   * @param text e.g. {@code 30m}
   * @param zeroAllowed whether {@code 0s} is accepted
   * @return the duration
   * @throws IllegalArgumentException naming the text, when it is not one
   */
  static Duration parse(String text, boolean zeroAllowed) {
    Matcher m = DURATION.matcher(text.strip());
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
      if (zeroAllowed || !d.isZero()) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "\"" + text + "\" is not a" + (zeroAllowed ? "" : " positive") + " duration");
  }

  /**
   * @param d a duration
   * @return it as {@link #parse} reads it, in the largest whole unit: {@code 30m}, {@code 1500ms};
   *     days from two days on ({@code 14d}), a single day as {@code 24h}
   */
  static String format(Duration d) {
    if (d.toMillis() % 86_400_000 == 0 && d.toDays() > 1) {
      return d.toDays() + "d";
    }
    if (d.toMillis() % 3_600_000 == 0 && !d.isZero()) {
      return d.toHours() + "h";
    }
    if (d.toMillis() % 60_000 == 0 && !d.isZero()) {
      return d.toMinutes() + "m";
    }
    if (d.toMillis() % 1000 == 0) {
      return d.toSeconds() + "s";
    }
    return d.toMillis() + "ms";
  }
}
