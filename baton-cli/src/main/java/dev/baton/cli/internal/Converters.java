package dev.baton.cli.internal;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The option values the commands share a reading of. A value picocli cannot convert is a usage
 * error (exit 2) that names the option, the value and what it takes.
 */
final class Converters {
  private Converters() {}

  /** A time limit ({@code --timeout}): {@code 90s}, {@code 30m}, {@code 2h}, ... */
  static final class Timeout implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return DurationText.parse(value, false);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage() + "; write " + DurationText.FORMS);
      }
    }
  }

  /** A count from 1 to a maximum: each option's own subclass names its maximum. */
  abstract static class Count implements ITypeConverter<Integer> {
    private final int max;

    Count(int max) {
      this.max = max;
    }

    @Override
    public Integer convert(String value) {
      try {
        int n = Integer.parseInt(value.strip());
        if (n >= 1 && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // Said below.
      }
      throw new TypeConversionException(
          "expected a whole number from 1 to " + max + ", got '" + value + "'");
    }
  }

  /** {@code promote --concurrency}: 1 to {@value PromoteCommand#MAX_CONCURRENCY}. */
  static final class Concurrency extends Count {
    Concurrency() {
      super(PromoteCommand.MAX_CONCURRENCY);
    }
  }

  /** {@code status --history}: 1 to {@value StatusCommand#MAX_HISTORY} entries. */
  static final class HistoryLength extends Count {
    HistoryLength() {
      super(StatusCommand.MAX_HISTORY);
    }
  }
}
