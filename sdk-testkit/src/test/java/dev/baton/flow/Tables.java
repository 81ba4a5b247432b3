package dev.baton.flow;

import dev.baton.Environment;
import dev.baton.Environments;
import dev.baton.Schedule;
import java.util.function.UnaryOperator;

/** The standard environment table with one environment changed, for the flow tests. */
final class Tables {
  /** Office hours in Berlin, Monday to Friday. */
  static final Schedule OFFICE_HOURS = Schedule.parse("MON-FRI 09:00-17:00 Europe/Berlin");

  private Tables() {}

  /**
   * @param env the environment to change
   * @param change what to change of it
   * @return the standard table, with {@code env} changed
   */
  static Environments table(String env, UnaryOperator<Environment.Builder> change) {
    return Environments.standard().toBuilder().change(env, change).build();
  }

  /** The standard table with {@link #OFFICE_HOURS} as {@code env}'s only window. */
  static Environments officeHoursOn(String env) {
    return table(env, b -> b.windows(OFFICE_HOURS));
  }
}
