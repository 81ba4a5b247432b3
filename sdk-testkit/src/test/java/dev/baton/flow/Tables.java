package dev.baton.flow;

import dev.baton.Environment;
import dev.baton.Environments;
import dev.baton.Schedule;
import java.util.function.UnaryOperator;

/** The standard environment table with one environment changed, for the flow tests. */
final class Tables {
  private Tables() {}

  /**
   * @param env the environment to change
   * @param change what to change of it
   * @return the standard table, with {@code env} changed
   */
  static Environments table(String env, UnaryOperator<Environment.Builder> change) {
    Environments standard = Environments.standard();
    return standard.toBuilder()
        .replace(change.apply(standard.get(env).toBuilder()).build())
        .build();
  }

  /** The standard table with office hours in Berlin as {@code env}'s only window. */
  static Environments officeHoursOn(String env) {
    return table(env, b -> b.windows(Schedule.parse("MON-FRI 09:00-17:00 Europe/Berlin")));
  }
}
