package dev.baton.atmos.testing;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.event.Level;

/**
 * Every SLF4J event logged in the test JVM, formatted, through {@link CapturingSlf4jProvider}
 * (registered as the SLF4J provider for the tests). Tests read it to check what reached the logs.
 */
public final class CapturedLogs {
  private static final List<Event> EVENTS = new ArrayList<>();

  private CapturedLogs() {}

  /**
   * One formatted log event.
   *
   * @param logger the logger name
   * @param level the level
   * @param message the formatted message, with the throwable's toString appended
   */
  public record Event(String logger, Level level, String message) {}

  static void add(Event e) {
    synchronized (EVENTS) {
      EVENTS.add(e);
    }
  }

  /** Every event so far. */
  public static List<Event> all() {
    synchronized (EVENTS) {
      return List.copyOf(EVENTS);
    }
  }

  /** All messages logged so far, one per line. */
  public static String text() {
    StringBuilder b = new StringBuilder();
    for (Event e : all()) {
      b.append(e.level())
          .append(' ')
          .append(e.logger())
          .append(' ')
          .append(e.message())
          .append('\n');
    }
    return b.toString();
  }

  /** A mark to read the events logged after it. */
  public static int mark() {
    synchronized (EVENTS) {
      return EVENTS.size();
    }
  }

  /**
   * @param mark from {@link #mark()}
   * @return events logged since then
   */
  public static List<Event> since(int mark) {
    synchronized (EVENTS) {
      return new ArrayList<>(EVENTS.subList(mark, EVENTS.size()));
    }
  }
}
